import Foundation

/// When each school's day starts, in minutes after midnight (Danish time): what Ed-Fi's `arrivalTime`
/// of a late arrival is measured against. Configured (`INTAKE_SCHOOL_START`, default 08:00, and
/// per school `INTAKE_SCHOOL_START_TIMES="skole-01=08:15,skole-02=08:10"`), since neither Ed-Fi's
/// attendance event nor our school calendar carries a start time. Pure.
struct SchoolStartTimes: Sendable, Equatable {
    var standard: Int
    var bySchool: [String: Int]

    static let eight = SchoolStartTimes(standard: 8 * 60, bySchool: [:])

    func start(_ schoolId: String) -> Int { bySchool[schoolId] ?? standard }

    /// "HH:MM" or "HH:MM:SS" (Ed-Fi's time) as minutes after midnight; nil when it is not a time of day.
    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts[0].count <= 2, parts[1].count == 2, parts[0].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isASCII),
              let hours = Int(parts[0]), let minutes = Int(parts[1]), (0...23).contains(hours), (0...59).contains(minutes) else { return nil }
        if parts.count == 3 {
            // Seconds, possibly with a fraction ("08:25:30.000"); they do not change the minute.
            guard parts[2].count >= 2, parts[2].allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                  let seconds = Double(parts[2]), (0..<61).contains(seconds) else { return nil }
        }
        return hours * 60 + minutes
    }

    /// Parses the settings; the error names what is wrong.
    static func parse(standard: String, bySchool: String?) throws(ParseError) -> SchoolStartTimes {
        guard let start = minutes(standard) else { throw ParseError(reason: "'\(standard)' is not a time HH:MM") }
        var times: [String: Int] = [:]
        for entry in (bySchool ?? "").split(separator: ",") {
            let pair = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty, let value = minutes(pair[1]) else {
                throw ParseError(reason: "'\(entry)' is not school-id=HH:MM")
            }
            times[pair[0]] = value
        }
        return SchoolStartTimes(standard: start, bySchool: times)
    }

    struct ParseError: Error { var reason: String }
}
