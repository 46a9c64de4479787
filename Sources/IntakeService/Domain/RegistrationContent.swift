import Shared

/// A registration id sent again: with the same content it is a duplicate (changes nothing); with
/// other content it is a conflict, refused naming what differs — the source reused an id it had
/// used for another registration. The content is who, where, when and what; `recordedAt` is not
/// part of it (a resend may be stamped anew, e.g. an Ed-Fi event without `_lastModifiedDate`).
struct RegistrationContent: Sendable, Equatable {
    var pupilKey: String
    var schoolId: String
    var date: SchoolDate
    var period: String
    var status: String
    var absenceCategory: String?
    var minutesLate: Int?

    /// The names of the fields in which `other` differs, in the registration's field order.
    func differences(from other: RegistrationContent) -> [String] {
        var fields: [String] = []
        if pupilKey != other.pupilKey { fields.append("pupilSourceId") }
        if schoolId != other.schoolId { fields.append("schoolId") }
        if date != other.date { fields.append("date") }
        if period != other.period { fields.append("period") }
        if status != other.status { fields.append("status") }
        if absenceCategory != other.absenceCategory { fields.append("absenceCategory") }
        if minutesLate != other.minutesLate { fields.append("minutesLate") }
        return fields
    }

    /// The item error for a registration whose id was used before for `stored`, or nil for a duplicate.
    static func conflict(_ item: AcceptedRegistration, with stored: RegistrationContent) -> ItemError? {
        let differing = stored.differences(from: RegistrationContent(item))
        guard !differing.isEmpty else { return nil }
        return ItemError(index: item.registration.index, field: "sourceRegistrationId",
                         reason: "this registration id was used before for a registration with another \(differing.joined(separator: ", ")); "
                             + "a new registration (also a correction) needs an id of its own")
    }
}

extension RegistrationContent {
    init(_ item: AcceptedRegistration) {
        let registration = item.registration
        self.init(pupilKey: item.pupilKey, schoolId: registration.schoolId, date: registration.date, period: registration.period.description,
                  status: registration.status.rawValue, absenceCategory: registration.absenceCategory?.rawValue,
                  minutesLate: registration.minutesLate)
    }
}
