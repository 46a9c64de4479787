/// The attendance vocabulary of architecture §4, shared by the raw feed and `attendance.ingested`.
public enum AttendanceStatus: String, Codable, Sendable, CaseIterable {
    case present, late, absent
}

/// Absence categories mandatory in Danish schools since 2020.
public enum AbsenceCategory: String, Codable, Sendable, CaseIterable {
    /// sygdom
    case illness
    /// lovligt fravær / ekstraordinær frihed
    case authorized
    /// ulovligt fravær
    case unauthorized
}

/// A whole day, or one lesson (1-based) of the day.
public enum AttendancePeriod: Codable, Sendable, Hashable, CustomStringConvertible {
    case day
    case lesson(Int)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let lesson = try? container.decode(Int.self) {
            guard (1...12).contains(lesson) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "lesson must be 1–12, got \(lesson)")
            }
            self = .lesson(lesson)
            return
        }
        let text = try container.decode(String.self)
        guard let period = AttendancePeriod(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "period must be \"day\" or a lesson number 1–12, got \(text)")
        }
        self = period
    }

    public init?(_ text: String) {
        if text == "day" { self = .day; return }
        guard let lesson = Int(text), (1...12).contains(lesson) else { return nil }
        self = .lesson(lesson)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .day: try container.encode("day")
        case .lesson(let number): try container.encode(number)
        }
    }

    public var description: String {
        switch self {
        case .day: "day"
        case .lesson(let number): String(number)
        }
    }
}
