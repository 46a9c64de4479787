import Foundation

/// A calendar date without time or zone ("2026-11-24"), as school days are counted.
public struct SchoolDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= Self.daysInMonth(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(_ text: String) {
        // Every event carries a date: ten ASCII digits and dashes are read without splitting.
        if let digits = Self.plainDigits(text) {
            self.init(year: digits.year, month: digits.month, day: digits.day)
            return
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD` of digits only (what the split below accepts besides, such as a sign, goes there).
    private static func plainDigits(_ text: String) -> (year: Int, month: Int, day: Int)? {
        var text = text
        return text.withUTF8 { bytes -> (Int, Int, Int)? in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            var values = (0, 0, 0)
            for (index, byte) in bytes.enumerated() where index != 4 && index != 7 {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                let digit = Int(byte - UInt8(ascii: "0"))
                switch index {
                case 0..<4: values.0 = values.0 * 10 + digit
                case 5..<7: values.1 = values.1 * 10 + digit
                default: values.2 = values.2 * 10 + digit
                }
            }
            return values
        }
    }

    /// The years a date taken from outside (an API, a file, a feed) may fall in. Arithmetic on dates
    /// in them (a cadence, a quarter, a school year back) stays far from the type's limits.
    public static let acceptedYears = 2000...2100
    public static let acceptedRange = "between 2000-01-01 and 2100-12-31"

    /// Parses exactly `YYYY-MM-DD` within `acceptedYears`: the parser for every date from outside.
    public static func accepted(_ text: String) -> SchoolDate? {
        guard let date = SchoolDate(text), acceptedYears.contains(date.year) else { return nil }
        return date
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = SchoolDate.accepted(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a date YYYY-MM-DD \(Self.acceptedRange)")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String {
        // The year is 1…9999 (every initializer holds it there): ten bytes, written in place.
        String(unsafeUninitializedCapacity: 10, initializingUTF8With: { text in
            var year = year
            for index in stride(from: 3, through: 0, by: -1) {
                text[index] = UInt8(ascii: "0") + UInt8(year % 10)
                year /= 10
            }
            text[4] = UInt8(ascii: "-")
            text[5] = UInt8(ascii: "0") + UInt8(month / 10)
            text[6] = UInt8(ascii: "0") + UInt8(month % 10)
            text[7] = UInt8(ascii: "-")
            text[8] = UInt8(ascii: "0") + UInt8(day / 10)
            text[9] = UInt8(ascii: "0") + UInt8(day % 10)
            return 10
        })
    }

    /// `YYYY-MM-DD`, shared with `RFC3339`.
    static func appendDate(year: Int, month: Int, day: Int, to text: inout String) {
        appendPadded(year, 4, to: &text)
        text += "-"
        appendPadded(month, 2, to: &text)
        text += "-"
        appendPadded(day, 2, to: &text)
    }

    static func appendPadded(_ value: Int, _ width: Int, to text: inout String) {
        let digits = String(value)
        if digits.count < width { text += String(repeating: "0", count: width - digits.count) }
        text += digits
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `daysSinceEpoch` (civil_from_days).
    static func civil(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func < (lhs: SchoolDate, rhs: SchoolDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

extension SchoolDate {
    /// Days since 1970-01-01: a compact, ordered day number for arithmetic and storage.
    public var dayNumber: Int { Self.daysSinceEpoch(year: year, month: month, day: day) }

    /// Held within the type's years (0001-01-01 … 9999-12-31), so that no arithmetic can trap; dates
    /// from outside are bounded to `acceptedYears` long before they get near either end.
    public init(dayNumber: Int) {
        let clamped = min(max(dayNumber, Self.firstDayNumber), Self.lastDayNumber)
        let (year, month, day) = Self.civil(daysSinceEpoch: clamped)
        self.year = year
        self.month = month
        self.day = day
    }

    static let firstDayNumber = daysSinceEpoch(year: 1, month: 1, day: 1)
    static let lastDayNumber = daysSinceEpoch(year: 9999, month: 12, day: 31)

    /// The day `moment` falls on in `zone` (held within the type's years like `init(dayNumber:)`).
    public init(moment: Date, in zone: TimeZone) {
        let seconds = moment.timeIntervalSince1970
        guard seconds.isFinite else {
            self.init(dayNumber: seconds > 0 ? Self.lastDayNumber : Self.firstDayNumber)
            return
        }
        let bounded = min(max(seconds, Double(Self.firstDayNumber - 1) * 86_400), Double(Self.lastDayNumber + 1) * 86_400)
        let local = bounded + Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: bounded)))
        self.init(dayNumber: Int((local / 86_400).rounded(.down)))
    }

    /// Whether `moment` falls in `acceptedYears` (in UTC; a few hours either side do not matter).
    public static func accepts(_ moment: Date) -> Bool {
        let seconds = moment.timeIntervalSince1970
        return seconds >= Double(daysSinceEpoch(year: acceptedYears.lowerBound, month: 1, day: 1)) * 86_400
            && seconds < Double(daysSinceEpoch(year: acceptedYears.upperBound + 1, month: 1, day: 1)) * 86_400
    }

    /// ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    public static func isoWeekday(dayNumber: Int) -> Int { ((dayNumber % 7 + 7) % 7 + 3) % 7 + 1 }

    public var isoWeekday: Int { Self.isoWeekday(dayNumber: dayNumber) }

    /// The calendar quarter (1–4) and its first and last day numbers.
    public var quarter: (number: Int, first: Int, last: Int) {
        let number = (month - 1) / 3 + 1
        let firstMonth = (number - 1) * 3 + 1
        let first = Self.daysSinceEpoch(year: year, month: firstMonth, day: 1)
        let lastMonth = firstMonth + 2
        let last = Self.daysSinceEpoch(year: year, month: lastMonth, day: Self.daysInMonth(year: year, month: lastMonth))
        return (number, first, last)
    }

    /// The Danish school year (August–July) a date belongs to, e.g. "2026/27".
    public var schoolYear: String {
        let start = month >= 8 ? year : year - 1
        let next = (start + 1) % 100
        return "\(start)/\(next < 10 ? "0" : "")\(next)"
    }
}
