import Foundation
import Shared

/// A calendar quarter as the legal rules count it ("2026-Q4": October to December).
struct Quarter: Sendable, Hashable, Comparable {
    var year: Int
    var number: Int

    init?(_ key: String) {
        let parts = key.split(separator: "-Q")
        guard parts.count == 2, let year = Int(parts[0]), let number = Int(parts[1]), SchoolDate.acceptedYears.contains(year), (1...4).contains(number)
        else { return nil }
        (self.year, self.number) = (year, number)
    }

    init(_ date: SchoolDate) { (year, number) = (date.year, (date.month - 1) / 3 + 1) }

    var key: String { "\(year)-Q\(number)" }
    var first: SchoolDate { SchoolDate(year: year, month: 3 * (number - 1) + 1, day: 1)! }
    var last: SchoolDate { next.first.adding(days: -1) }
    var next: Quarter { number == 4 ? Quarter(year: year + 1, number: 1) : Quarter(year: year, number: number + 1) }

    private init(year: Int, number: Int) { (self.year, self.number) = (year, number) }

    /// The quarters from `from` to `to`, at most 40 (ten years).
    static func range(_ from: Quarter, _ to: Quarter) -> [Quarter]? {
        guard from <= to else { return nil }
        var result = [from]
        while let last = result.last, last < to {
            result.append(last.next)
            if result.count > 40 { return nil }
        }
        return result
    }

    static func < (lhs: Quarter, rhs: Quarter) -> Bool { (lhs.year, lhs.number) < (rhs.year, rhs.number) }
}
