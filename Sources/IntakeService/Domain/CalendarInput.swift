import Foundation
import Shared

/// A school's calendar for a school year, as sent to `PUT /v1/schools/{schoolId}/calendar`.
struct CalendarInput: Codable, Sendable {
    struct Holiday: Codable, Sendable {
        var date: String
        var name: String
    }

    var schoolName: String
    var schoolYear: String
    var schoolDays: [String]
    var holidays: [Holiday]?
    var lessonsPerDay: Int?

    /// The validated calendar, or every problem found (field paths as JSON pointers-ish).
    func validated(schoolId: String, now: Date) -> Result<SchoolCalendar, ItemErrors> {
        var errors: [ItemError] = []
        if schoolName.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(ItemError(index: 0, field: "schoolName", reason: "is required")) }
        if schoolYear.wholeMatch(of: /[0-9]{4}\/[0-9]{2}/) == nil {
            errors.append(ItemError(index: 0, field: "schoolYear", reason: "'\(schoolYear)' is not a school year like 2026/27"))
        }
        var days: [SchoolDate] = []
        for (index, text) in schoolDays.enumerated() {
            guard let date = SchoolDate.accepted(text) else {
                errors.append(ItemError(index: index, field: "schoolDays[\(index)]", reason: "'\(text)' is not a date YYYY-MM-DD \(SchoolDate.acceptedRange)"))
                continue
            }
            days.append(date)
        }
        if schoolDays.isEmpty { errors.append(ItemError(index: 0, field: "schoolDays", reason: "is empty")) }
        var holidayList: [SchoolCalendar.Holiday] = []
        for (index, holiday) in (holidays ?? []).enumerated() {
            guard let date = SchoolDate.accepted(holiday.date) else {
                errors.append(ItemError(index: index, field: "holidays[\(index)].date", reason: "'\(holiday.date)' is not a date YYYY-MM-DD \(SchoolDate.acceptedRange)"))
                continue
            }
            holidayList.append(.init(date: date, name: holiday.name))
        }
        var seenHolidays: Set<SchoolDate> = []
        for (index, holiday) in holidayList.enumerated() where !seenHolidays.insert(holiday.date).inserted {
            errors.append(ItemError(index: index, field: "holidays[\(index)].date", reason: "\(holiday.date) is listed twice"))
        }
        let clash = Set(days).intersection(holidayList.map(\.date))
        if let first = clash.min() {
            errors.append(ItemError(index: 0, field: "holidays", reason: "\(first) is both a school day and a holiday"))
        }
        let lessons = lessonsPerDay ?? 6
        if !(1...12).contains(lessons) { errors.append(ItemError(index: 0, field: "lessonsPerDay", reason: "\(lessons) is not 1–12")) }
        guard errors.isEmpty else { return .failure(ItemErrors(items: errors)) }
        return .success(SchoolCalendar(schoolId: schoolId, schoolName: schoolName, schoolYear: schoolYear,
                                       schoolDays: Array(Set(days)).sorted(), holidays: holidayList, lessonsPerDay: lessons, updatedAt: now))
    }
}
