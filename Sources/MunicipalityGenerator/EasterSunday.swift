import Shared

/// Easter Sunday of a year (the Gregorian computus, Meeus/Jones/Butcher): the Danish movable
/// holidays — skærtorsdag, langfredag, 2. påskedag, Kristi himmelfartsdag, 2. pinsedag — follow it.
enum EasterSunday {
    static func of(_ year: Int) -> SchoolDate {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return SchoolDate(year: year, month: month, day: day)!
    }
}
