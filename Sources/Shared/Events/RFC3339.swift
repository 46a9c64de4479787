import Foundation

/// RFC 3339 timestamps by arithmetic: Foundation's ISO8601DateFormatter is slow to create and to
/// run on Linux, and every registration and event carries a timestamp.
enum RFC3339 {
    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; nil for anything else.
    static func parse(_ text: String) -> Date? {
        var utf8 = text.utf8[...]
        func number(_ count: Int) -> Int? {
            guard utf8.count >= count else { return nil }
            var value = 0
            for byte in utf8.prefix(count) {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            utf8 = utf8.dropFirst(count)
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard let byte = utf8.first, characters.utf8.contains(byte) else { return false }
            utf8 = utf8.dropFirst()
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2), expect("Tt "),
              let hour = number(2), expect(":"), let minute = number(2), expect(":"), let second = number(2),
              (1...12).contains(month), day >= 1, day <= SchoolDate.daysInMonth(year: year, month: month),
              hour < 24, minute < 60, second < 61 else { return nil }
        var fraction = 0.0
        if utf8.first == UInt8(ascii: ".") {
            utf8 = utf8.dropFirst()
            var scale = 0.1
            var digits = 0
            while let byte = utf8.first, byte >= 48, byte <= 57 {
                fraction += Double(byte - 48) * scale
                scale /= 10
                digits += 1
                utf8 = utf8.dropFirst()
            }
            guard digits > 0 else { return nil }
        }
        var offset = 0
        if expect("Zz") {
        } else if let sign = utf8.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            utf8 = utf8.dropFirst()
            guard let hours = number(2), expect(":"), let minutes = number(2), hours < 24, minutes < 60 else { return nil }
            offset = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        guard utf8.isEmpty else { return nil }
        let days = SchoolDate.daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` (whole seconds, UTC), or with `.mmm` milliseconds.
    static func format(_ date: Date, milliseconds: Bool = false) -> String {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(total) / 86_400).rounded(.down))
        let secondsOfDay = total - days * 86_400
        let (year, month, day) = SchoolDate.civil(daysSinceEpoch: days)
        var text = ""
        text.reserveCapacity(24)
        SchoolDate.appendDate(year: year, month: month, day: day, to: &text)
        text += "T"
        SchoolDate.appendPadded(secondsOfDay / 3600, 2, to: &text)
        text += ":"
        SchoolDate.appendPadded(secondsOfDay / 60 % 60, 2, to: &text)
        text += ":"
        SchoolDate.appendPadded(secondsOfDay % 60, 2, to: &text)
        if milliseconds {
            text += "."
            SchoolDate.appendPadded(Int((date.timeIntervalSince1970 - Double(total)) * 1000) % 1000, 3, to: &text)
        }
        text += "Z"
        return text
    }
}
