import MunicipalityGenerator
import Shared
import XCTest

final class NationalDayTests: XCTestCase {
    static let date = SchoolDate(year: 2026, month: 12, day: 4)!
    static let day = NationalDay(pupils: 20_000, date: date, seed: 5)

    func testSchoolsOfRealisticSizeHoldEveryPupilOnceInGrades0To9() {
        let day = Self.day
        XCTAssertEqual(day.pupils.count, 20_000)
        XCTAssertEqual(Set(day.pupils.map(\.sourceId)).count, day.pupils.count, "source ids are unique")
        let sizes = Dictionary(grouping: day.pupils, by: \.schoolId).mapValues(\.count)
        XCTAssertEqual(sizes.count, day.schools.count)
        // Every school but the last (which takes what is left) is 80–850 pupils, ~450 on average.
        XCTAssertTrue(day.schools.dropLast().allSatisfy { (80...850).contains(sizes[$0.schoolId] ?? 0) })
        XCTAssertTrue((300...600).contains(day.pupils.count / day.schools.count), "\(day.schools.count) schools")
        XCTAssertEqual(Set(day.pupils.map(\.grade)), Set(0...9))
        XCTAssertTrue(day.pupils.allSatisfy { $0.className.hasPrefix("\($0.grade)") })
    }

    func testEveryLessonOfEveryPupilIsRegisteredInTheOrderTheyAreMadeMostInTheMorning() {
        let day = Self.day
        let all = (1...NationalDay.maxLessons).flatMap { day.registrations(lesson: $0) }
        XCTAssertEqual(all.count, day.registrationCount)
        XCTAssertEqual(all.count, day.pupils.reduce(0) { $0 + NationalDay.lessons(grade: $1.grade) })
        XCTAssertTrue((6.5...7.2).contains(Double(all.count) / Double(day.pupils.count)), "about 6.9 lessons a pupil")
        XCTAssertEqual(Set(all.map(\.sourceRegistrationId)).count, all.count, "one id a registration")
        XCTAssertEqual(zip(all, all.dropFirst()).filter { $0.recordedAt > $1.recordedAt }.count, 0, "sent in the order made")
        XCTAssertTrue(all.allSatisfy { $0.date == Self.date && $0.recordedAt.hasPrefix("2026-12-04T") })
        // Lesson 1 at 08:00 Danish time (07:00 UTC in December), registered in its first ten minutes.
        let first = day.registrations(lesson: 1)
        XCTAssertEqual(first.count, day.pupils.count)
        XCTAssertTrue(first.allSatisfy { $0.recordedAt >= "2026-12-04T07:00:00Z" && $0.recordedAt < "2026-12-04T07:10:00Z" })
        let morning = all.filter { $0.lesson <= 4 }.count
        XCTAssertGreaterThan(Double(morning) / Double(all.count), 0.55)
    }

    func testAbsenceIsAFewPercentAndAPupilAbsentAllDayIsAbsentEveryLesson() {
        let all = (1...NationalDay.maxLessons).flatMap { Self.day.registrations(lesson: $0) }
        let byPupil = Dictionary(grouping: all, by: \.pupilIndex)
        let absentAllDay = byPupil.values.filter { $0.allSatisfy { $0.status == .absent } }
        let share = Double(absentAllDay.count) / Double(byPupil.count)
        XCTAssertTrue((0.04...0.06).contains(share), "\(share)")
        XCTAssertTrue(absentAllDay.allSatisfy { Set($0.compactMap(\.category)).count == 1 }, "one reason for the whole day")
        let late = all.filter { $0.status == .late }
        XCTAssertTrue(late.allSatisfy { $0.lesson == 1 && (5...30).contains($0.minutesLate ?? 0) })
        XCTAssertGreaterThan(late.count, 0)
        XCTAssertEqual(NationalDay(pupils: 20_000, date: Self.date, seed: 5).registrations(lesson: 3), Self.day.registrations(lesson: 3), "seeded")
    }
}
