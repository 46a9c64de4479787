import MunicipalityGenerator
import Shared
import XCTest

final class MunicipalityTests: XCTestCase {
    static let small = Municipality(MunicipalityOptions(schools: 6, pupils: 1_200, schoolYearStart: 2025, seed: 11))

    func testTheSameOptionsGiveTheSameMunicipalityAndAnotherSeedAnother() {
        let again = Municipality(MunicipalityOptions(schools: 6, pupils: 1_200, schoolYearStart: 2025, seed: 11))
        XCTAssertEqual(again.pupils, Self.small.pupils)
        XCTAssertEqual(again.staff, Self.small.staff)
        XCTAssertEqual(again.registrations(onDay: 37), Self.small.registrations(onDay: 37))
        let other = Municipality(MunicipalityOptions(schools: 6, pupils: 1_200, schoolYearStart: 2025, seed: 12))
        XCTAssertNotEqual(other.registrations(onDay: 37), Self.small.registrations(onDay: 37))
    }

    func testPupilsHaveDanishNamesValidCPRNumbersAndGrades0To10() {
        let pupils = Self.small.pupils
        XCTAssertEqual(Set(pupils.map(\.sourceId)).count, pupils.count, "source ids are unique")
        for pupil in pupils {
            let digits = pupil.sourceId.replacingOccurrences(of: "-", with: "")
            XCTAssertEqual(digits.count, 10)
            let day = Int(digits.prefix(2))!, month = Int(digits.dropFirst(2).prefix(2))!, year = Int(digits.dropFirst(4).prefix(2))!
            XCTAssertNotNil(SchoolDate(year: 2000 + year, month: month, day: day), "\(pupil.sourceId) is a real date")
            XCTAssertEqual(2000 + year, 2025 - 6 - pupil.grade, "born for the grade")
            XCTAssertTrue((0...10).contains(pupil.grade))
            XCTAssertTrue(pupil.className.hasPrefix("\(pupil.grade)"))
        }
        XCTAssertGreaterThan(Set(pupils.map(\.givenName)).count, 40)
        XCTAssertTrue(pupils.contains { $0.familyName == "Nielsen" })
        XCTAssertEqual(Set(pupils.map(\.grade)).count, 11)
    }

    func testWholeDaySchoolsRegisterEveryEnrolledPupilAndLessonSchoolsOnlyAbsence() {
        let municipality = Self.small
        for dayIndex in [0, 12, 80] {
            let date = municipality.schoolDays[dayIndex]
            let registrations = municipality.registrations(onDay: dayIndex).filter { !$0.isCorrection }
            for school in municipality.schools {
                let enrolled = municipality.pupils(at: school.schoolId).filter { $0.enrolledFrom <= date }
                let sent = registrations.filter { $0.schoolId == school.schoolId }
                XCTAssertEqual(Set(sent.map(\.date)), sent.isEmpty ? [] : [date])
                if school.lessonLevel {
                    XCTAssertTrue(sent.allSatisfy { $0.lesson >= 1 && $0.status != .present }, school.schoolId)
                    XCTAssertTrue(sent.allSatisfy { abs($0.dayFraction - 1.0 / 6) < 1e-9 })
                } else {
                    XCTAssertEqual(Set(sent.map(\.pupilIndex)), Set(enrolled.map(\.index)), "\(school.schoolId) on \(date)")
                    XCTAssertEqual(sent.count, enrolled.count, "one registration per pupil and day")
                }
            }
            let notEnrolled = Set(municipality.pupils.filter { $0.enrolledFrom > date }.map(\.index))
            XCTAssertTrue(registrations.allSatisfy { !notEnrolled.contains($0.pupilIndex) }, "nothing before enrolment")
        }
        XCTAssertEqual(municipality.schools.filter(\.lessonLevel).map(\.schoolId), ["skole-04"])
    }

    func testCorrectionsTurnAnUnauthorizedDayIntoIllnessTwoSchoolDaysLater() {
        let municipality = Self.small
        var corrections = 0
        for dayIndex in 2..<40 {
            for correction in municipality.registrations(onDay: dayIndex) where correction.isCorrection {
                corrections += 1
                XCTAssertEqual(correction.date, municipality.schoolDays[dayIndex - 2])
                XCTAssertEqual(correction.category, .illness)
                let original = municipality.registrations(onDay: dayIndex - 2).first { $0.pupilIndex == correction.pupilIndex && !$0.isCorrection }
                XCTAssertEqual(original?.category, .unauthorized)
                XCTAssertLessThan(original!.recordedAt, correction.recordedAt, "the correction is the later registration")
            }
        }
        XCTAssertGreaterThan(corrections, 0)
    }

    func testAbsenceLooksRealMostPupilsLowAMinorityOverTheLineMoreIllnessInWinter() {
        let municipality = Self.small
        var unauthorized: [Int: Double] = [:]
        var days: [Int: Int] = [:]
        var illnessSeptember = 0.0, illnessJanuary = 0.0, septemberDays = 0, januaryDays = 0
        var absent = 0.0, registered = 0
        for dayIndex in municipality.schoolDays.indices {
            let date = municipality.schoolDays[dayIndex]
            let registrations = municipality.registrations(onDay: dayIndex).filter { !$0.isCorrection }
            for pupil in municipality.pupils where pupil.enrolledFrom <= date && date.month >= 8 && date.month <= 12 { days[pupil.index, default: 0] += 1 }
            for registration in registrations where registration.status == .absent {
                absent += registration.dayFraction
                if registration.category == .unauthorized, date.month >= 8, date.month <= 12 { unauthorized[registration.pupilIndex, default: 0] += registration.dayFraction }
                if registration.category == .illness, date.month == 9 { illnessSeptember += registration.dayFraction }
                if registration.category == .illness, date.month == 1 { illnessJanuary += registration.dayFraction }
            }
            registered += municipality.pupils.filter { $0.enrolledFrom <= date }.count
            if date.month == 9 { septemberDays += 1 }
            if date.month == 1 { januaryDays += 1 }
        }
        let overTen = days.filter { pupil, count in (unauthorized[pupil] ?? 0) / Double(count) >= 0.10 }.count
        let share = Double(overTen) / Double(municipality.pupils.count)
        XCTAssertTrue((0.02...0.15).contains(share), "pupils with ≥ 10 % unauthorized absence in the autumn: \(share)")
        let overall = absent / Double(registered)
        XCTAssertTrue((0.03...0.10).contains(overall), "all absence: \(overall)")
        XCTAssertGreaterThan(illnessJanuary / Double(januaryDays), 1.5 * illnessSeptember / Double(septemberDays), "illness waves in winter")
    }

    func testStaffCoverEveryRoleWithUniqueAddressesAndTheRulesEverySchool() {
        let municipality = Self.small
        XCTAssertEqual(Set(municipality.staff.flatMap(\.roles)), Set(StaffRole.allCases.map(\.rawValue)))
        XCTAssertEqual(Set(municipality.staff.map(\.email)).count, municipality.staff.count)
        XCTAssertTrue(municipality.staff.allSatisfy { $0.email.allSatisfy { $0.isASCII } })
        XCTAssertEqual(Set(municipality.routingRules.map(\.schoolId)), Set(municipality.schools.map(\.schoolId)))
    }
}
