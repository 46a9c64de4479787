import Shared

/// A Danish school year's calendar (skoleår): from the Monday of week 33 in August to the Friday
/// before the last Saturday of June, without weekends and the usual holidays — efterårsferie
/// (week 42), juleferie, vinterferie (week 7), påskeferie, Kristi himmelfart with the Friday after,
/// 2. pinsedag and grundlovsdag.
public struct DanishSchoolYear: Sendable {
    public struct Holiday: Sendable, Equatable {
        public let date: SchoolDate
        public let name: String
    }

    /// The calendar year the school year starts in (2026 for 2026/27).
    public let startYear: Int
    public let schoolDays: [SchoolDate]
    /// Weekdays between the first and the last school day that are not school days, named.
    public let holidays: [Holiday]

    public var name: String {
        let next = (startYear + 1) % 100
        return "\(startYear)/\(next < 10 ? "0" : "")\(next)"
    }
    public var firstDay: SchoolDate { schoolDays[0] }
    public var lastDay: SchoolDate { schoolDays[schoolDays.count - 1] }

    public init(startYear: Int) {
        self.startYear = startYear
        let next = startYear + 1
        let first = Self.monday(ofISOWeek: 33, in: startYear)
        let lastSaturdayOfJune = (0..<7).map { SchoolDate(year: next, month: 6, day: 30)!.dayNumber - $0 }
            .first { SchoolDate.isoWeekday(dayNumber: $0) == 6 }!
        let last = lastSaturdayOfJune - 1

        var named: [Int: String] = [:]
        func week(_ number: Int, in year: Int, _ name: String) {
            let monday = Self.monday(ofISOWeek: number, in: year)
            for day in monday..<(monday + 5) { named[day] = name }
        }
        func span(_ from: SchoolDate, _ to: SchoolDate, _ name: String) {
            for day in from.dayNumber...to.dayNumber { named[day] = name }
        }
        week(42, in: startYear, "Efterårsferie")
        span(SchoolDate(year: startYear, month: 12, day: 21)!, SchoolDate(year: next, month: 1, day: 1)!, "Juleferie")
        week(7, in: next, "Vinterferie")
        let easter = EasterSunday.of(next).dayNumber
        span(SchoolDate(dayNumber: easter - 6), SchoolDate(dayNumber: easter - 4), "Påskeferie")
        named[easter - 3] = "Skærtorsdag"
        named[easter - 2] = "Langfredag"
        named[easter + 1] = "2. påskedag"
        named[easter + 39] = "Kristi himmelfartsdag"
        named[easter + 40] = "Fridag efter Kristi himmelfart"
        named[easter + 50] = "2. pinsedag"
        named[SchoolDate(year: next, month: 6, day: 5)!.dayNumber] = "Grundlovsdag"

        var days: [SchoolDate] = []
        var holidays: [Holiday] = []
        for day in first...last where SchoolDate.isoWeekday(dayNumber: day) <= 5 {
            if let name = named[day] { holidays.append(Holiday(date: SchoolDate(dayNumber: day), name: name)) }
            else { days.append(SchoolDate(dayNumber: day)) }
        }
        schoolDays = days
        self.holidays = holidays
    }

    /// The school year a date belongs to (August starts a new one).
    public static func startYear(containing date: SchoolDate) -> Int { date.month >= 8 ? date.year : date.year - 1 }

    /// The day number of the Monday of an ISO week.
    static func monday(ofISOWeek week: Int, in year: Int) -> Int {
        let january4 = SchoolDate(year: year, month: 1, day: 4)!.dayNumber
        let mondayOfWeek1 = january4 - (SchoolDate.isoWeekday(dayNumber: january4) - 1)
        return mondayOfWeek1 + (week - 1) * 7
    }
}
