import Foundation

/// One registration as it arrived (JSON, NDJSON, CSV, Ed-Fi or the Kafka feed), every field still
/// text, with its position in the batch. Validation turns it into a `Registration` or an error.
struct RegistrationInput: Sendable, Equatable {
    var index: Int
    /// The source the item says it is from; a source's own item may leave it out.
    var sourceSystem: String?
    /// The source whose own Kafka topic the item came on: that is its source, whatever it says.
    var topicSource: String?
    var sourceRegistrationId: String?
    var pupilSourceId: String?
    var schoolId: String?
    var date: String?
    var period: String?
    var status: String?
    var absenceCategory: String?
    var minutesLate: String?
    var recordedAt: String?
    /// The share of the day an absence covers, when a source says so (only Ed-Fi's `eventDuration`
    /// today; a whole-day registration without it is 1).
    var dayFraction: String?
    /// The field `unreadable` is about, when the item was readable but one of its source's own fields was not.
    var invalidField: String?
    /// Set when the item could not even be read (e.g. an NDJSON line that is not JSON).
    var unreadable: String?

    /// The fields that were sent, by name.
    var texts: [(String, String)] {
        [("sourceSystem", sourceSystem), ("sourceRegistrationId", sourceRegistrationId), ("pupilSourceId", pupilSourceId), ("schoolId", schoolId),
         ("date", date), ("period", period), ("status", status), ("absenceCategory", absenceCategory), ("minutesLate", minutesLate),
         ("recordedAt", recordedAt), ("eventDuration", dayFraction)].compactMap { name, value in value.map { (name, $0) } }
    }

    /// Field names as they appear in JSON and CSV headers (case and `_` do not matter in CSV).
    static let fieldNames = [
        "sourceSystem", "sourceRegistrationId", "pupilSourceId", "schoolId", "date", "period", "status",
        "absenceCategory", "minutesLate", "recordedAt",
    ]

    init(index: Int, fields: [String: String]) {
        self.index = index
        func value(_ name: String) -> String? {
            guard let text = fields[name].map(Self.trimmed), !text.isEmpty else { return nil }
            return text
        }
        sourceSystem = value("sourceSystem")
        sourceRegistrationId = value("sourceRegistrationId")
        pupilSourceId = value("pupilSourceId")
        schoolId = value("schoolId")
        date = value("date")
        period = value("period")
        status = value("status")
        absenceCategory = value("absenceCategory")
        minutesLate = value("minutesLate")
        recordedAt = value("recordedAt")
    }
}

extension RegistrationInput {
    /// `text` without leading and trailing white space (Unicode Zs and tab). Foundation's trimming
    /// costs microseconds a field even when there is nothing to trim, so text that begins and ends
    /// with an ASCII character other than space and tab — nearly all of it — is taken as it is.
    static func trimmed(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        func plain(_ byte: UInt8) -> Bool { byte < 0x80 && byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") }
        return plain(first) && plain(last) ? text : text.trimmingCharacters(in: .whitespaces)
    }
}

/// What is wrong with one item of a batch: its index, the field and the reason (RFC 9457
/// problem details carry a list of these).
struct ItemError: Error, Sendable, Equatable, Codable {
    var index: Int
    var field: String
    var reason: String
}

/// Several item errors at once (e.g. everything wrong with a calendar).
struct ItemErrors: Error, Sendable, Equatable {
    var items: [ItemError]
}
