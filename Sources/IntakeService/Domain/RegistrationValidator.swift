import Foundation
import Shared

/// Checks each field of a registration (formats, allowed values, dates not in the future). Pure:
/// pupils, schools and calendars are checked by `ReferenceCheck`.
struct RegistrationValidator: Sendable {
    /// The source system the caller authenticated as (HTTP; on the Kafka feed each item's
    /// `topicSource`); a registration naming another is refused.
    var authenticatedSource: String?
    /// Today in Denmark: a registration dated later is refused.
    var today: SchoolDate
    /// The latest `recordedAt` taken (now plus an allowance for clocks): a registration stamped in the
    /// future would hold its period against every real correction.
    var recordedAtLimit: Date?

    /// How far ahead of Intake's clock a source's clock may be.
    static let clockAllowance: TimeInterval = 3600

    static let maximumIdentifierLength = 200

    func validate(_ input: RegistrationInput) -> Result<Registration, ItemError> {
        func fail(_ field: String, _ reason: String) -> Result<Registration, ItemError> {
            .failure(ItemError(index: input.index, field: field, reason: reason))
        }
        if let unreadable = input.unreadable { return fail(input.invalidField ?? "(item)", unreadable) }
        for (field, value) in input.texts where InputText.hasControlCharacters(value) { return fail(field, "contains a control character") }
        let authenticated = input.topicSource ?? authenticatedSource
        guard let sourceSystem = input.sourceSystem ?? authenticated else { return fail("sourceSystem", "is required") }
        if let authenticated, sourceSystem != authenticated {
            return fail("sourceSystem", input.topicSource != nil
                ? "is '\(sourceSystem)' but the message came on the topic of '\(authenticated)'"
                : "is '\(sourceSystem)' but the API key belongs to '\(authenticated)'")
        }
        guard let registrationID = input.sourceRegistrationId else { return fail("sourceRegistrationId", "is required") }
        guard registrationID.count <= Self.maximumIdentifierLength else { return fail("sourceRegistrationId", "is longer than \(Self.maximumIdentifierLength) characters") }
        guard let pupil = input.pupilSourceId else { return fail("pupilSourceId", "is required") }
        guard pupil.count <= Self.maximumIdentifierLength else { return fail("pupilSourceId", "is longer than \(Self.maximumIdentifierLength) characters") }
        guard let school = input.schoolId else { return fail("schoolId", "is required") }
        guard let dateText = input.date else { return fail("date", "is required") }
        guard let date = SchoolDate.accepted(dateText) else { return fail("date", "is not a date YYYY-MM-DD \(SchoolDate.acceptedRange)") }
        guard date <= today else { return fail("date", "\(date) is in the future") }
        let period: AttendancePeriod
        if let text = input.period {
            guard let parsed = AttendancePeriod(text.lowercased()) else { return fail("period", "'\(text)' is neither 'day' nor a lesson number 1–12") }
            period = parsed
        } else {
            period = .day
        }
        guard let statusText = input.status else { return fail("status", "is required") }
        guard let status = AttendanceStatus(rawValue: statusText.lowercased()) else {
            return fail("status", "'\(statusText)' is not one of present, late, absent")
        }
        var category: AbsenceCategory?
        if let text = input.absenceCategory, !["unknown", "ukendt"].contains(text.lowercased()) {
            guard let parsed = AbsenceCategory(rawValue: text.lowercased()) else {
                return fail("absenceCategory", "'\(text)' is not one of illness, authorized, unauthorized (or empty when not yet known)")
            }
            guard status == .absent else { return fail("absenceCategory", "is only for absences, but status is \(status.rawValue)") }
            category = parsed
        }
        var minutesLate: Int?
        if let text = input.minutesLate {
            guard let minutes = Int(text), (0...600).contains(minutes) else { return fail("minutesLate", "'\(text)' is not a number of minutes 0–600") }
            guard status == .late else { return fail("minutesLate", "is only for late arrivals, but status is \(status.rawValue)") }
            minutesLate = minutes
        }
        var dayFraction: Double?
        if let text = input.dayFraction {
            // Ed-Fi's name for it: only its mapper sets the share of the day.
            guard let share = Double(text), share > 0, share <= 1 else { return fail("eventDuration", "'\(text)' is not a share of the day above 0 and at most 1") }
            guard period == .day else { return fail("eventDuration", "is a share of the whole day, but the period is a lesson") }
            if share < 1, status == .absent { dayFraction = share }
        }
        guard let recordedText = input.recordedAt else { return fail("recordedAt", "is required") }
        guard let recordedAt = EventCoding.parseTimestamp(recordedText) else {
            return fail("recordedAt", "is not an RFC 3339 timestamp \(SchoolDate.acceptedRange)")
        }
        if let recordedAtLimit, recordedAt > recordedAtLimit {
            return fail("recordedAt", "is in the future (more than an hour ahead of the time Intake received it)")
        }
        return .success(Registration(
            index: input.index, sourceSystem: sourceSystem, sourceRegistrationId: registrationID, pupilSourceId: pupil,
            schoolId: school, date: date, period: period, status: status, absenceCategory: category, minutesLate: minutesLate,
            recordedAt: recordedAt, dayFraction: dayFraction))
    }

    /// Today's date in Copenhagen.
    static func today(now: Date = Date()) -> SchoolDate {
        SchoolDate(now)
    }
}
