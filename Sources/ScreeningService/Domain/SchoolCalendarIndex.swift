/// A school's school days as sorted day numbers, for counting the denominator of a window
/// (holidays and weekends are simply not in it).
struct SchoolCalendarIndex: Sendable, Equatable {
    private(set) var days: [Int]

    init(days: [Int]) { self.days = days.sorted() }

    /// Index of the first day ≥ `day`.
    func lowerBound(_ day: Int) -> Int {
        var low = 0, high = days.count
        while low < high {
            let mid = (low + high) / 2
            if days[mid] < day { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// School days in `first...last`.
    func schoolDays(from first: Int, through last: Int) -> ArraySlice<Int> {
        guard first <= last else { return [] }
        return days[lowerBound(first)..<lowerBound(last + 1)]
    }

    /// The last `count` school days up to `asOf`, not before `notBefore`.
    func lastSchoolDays(_ count: Int, through asOf: Int, notBefore: Int) -> ArraySlice<Int> {
        let end = lowerBound(asOf + 1)
        let start = max(end - count, lowerBound(notBefore))
        return start < end ? days[start..<end] : []
    }
}
