import Shared

/// A generated municipality (kommune): schools with a Danish school year's calendar, pupils in
/// grades 0–10 with Danish names and absence that looks real, staff with roles, routing rules, and
/// every school day's registrations. Seeded and reproducible: the same options give the same
/// municipality, and `registrations(onDay:)` the same registrations, whatever else was asked.
public struct Municipality: Sendable {
    public let options: MunicipalityOptions
    public let schoolYear: DanishSchoolYear
    public let schools: [GeneratedSchool]
    public let pupils: [GeneratedPupil]
    public let staff: [GeneratedStaffMember]
    public let routingRules: [GeneratedRoutingRule]
    private let model: AbsenceModel
    private let pupilsBySchool: [String: [GeneratedPupil]]

    public init(_ options: MunicipalityOptions = MunicipalityOptions()) {
        self.options = options
        let year = DanishSchoolYear(startYear: options.schoolYearStart)
        schoolYear = year
        schools = (0..<options.schools).map { index in
            let number = index + 1
            let id = "\(options.schoolPrefix)-\(number < 10 ? "0" : "")\(number)"
            let name = index < DanishNames.schools.count ? DanishNames.schools[index] : "Skole \(number)"
            let lessonLevel = options.lessonSchoolEvery > 0 && number % options.lessonSchoolEvery == 0
            return GeneratedSchool(index: index, schoolId: id, name: name, lessonLevel: lessonLevel, lessonsPerDay: 6)
        }
        let schools = schools
        pupils = (0..<options.pupils).map { Self.pupil($0, options: options, year: year, schools: schools) }
        staff = StaffRoster.staff(schools: schools, options: options)
        routingRules = schools.flatMap { school in
            [GeneratedRoutingRule(schoolId: school.schoolId, schoolName: school.name, eventType: "concern.raised",
                                  mailboxRole: "opsporingsteam", mailbox: "opsporing@\(school.schoolId).\(options.mailDomain)"),
             GeneratedRoutingRule(schoolId: school.schoolId, schoolName: school.name, eventType: "case.opened",
                                  mailboxRole: "skoleledelse", mailbox: "ledelse@\(school.schoolId).\(options.mailDomain)")]
        }
        model = AbsenceModel(seed: options.seed, schoolDays: year.schoolDays)
        pupilsBySchool = Dictionary(grouping: pupils, by: \.schoolId)
    }

    public var schoolDays: [SchoolDate] { schoolYear.schoolDays }

    public func school(_ id: String) -> GeneratedSchool? { schools.first { $0.schoolId == id } }

    public func pupils(at schoolId: String) -> [GeneratedPupil] { pupilsBySchool[schoolId] ?? [] }

    /// The index of the last school day on or before a date (nil before the first).
    public func lastSchoolDayIndex(onOrBefore date: SchoolDate) -> Int? {
        schoolDays.lastIndex { $0 <= date }
    }

    /// What the schools send on one school day: first the corrections of two school days before,
    /// then the day's registrations — every pupil's day at whole-day schools, only absences and
    /// late arrivals per lesson at lesson-level schools.
    public func registrations(onDay dayIndex: Int) -> [GeneratedRegistration] {
        let date = schoolDays[dayIndex]
        var result: [GeneratedRegistration] = []
        result.reserveCapacity(pupils.count + pupils.count / 20)
        if options.corrections, dayIndex >= 2 {
            for pupil in pupils where pupil.enrolledFrom <= schoolDays[dayIndex - 2] {
                let school = schools[pupil.schoolIndex]
                guard !school.lessonLevel, case .absent(.unauthorized) = model.day(pupil, dayIndex - 2, lessonsPerDay: school.lessonsPerDay),
                      model.isCorrected(pupil, dayIndex - 2) else { continue }
                result.append(registration(pupil, school, dayIndex - 2, lesson: 0, .absent, .illness, late: nil, recordedOn: date, correction: true))
            }
        }
        for pupil in pupils where pupil.enrolledFrom <= date {
            let school = schools[pupil.schoolIndex]
            let day = model.day(pupil, dayIndex, lessonsPerDay: school.lessonLevel ? school.lessonsPerDay : 1)
            switch (day, school.lessonLevel) {
            case (.present, false):
                result.append(registration(pupil, school, dayIndex, lesson: 0, .present, nil, late: nil, recordedOn: date))
            case (.present, true):
                break
            case (.late(let minutes), let lessons):
                result.append(registration(pupil, school, dayIndex, lesson: lessons ? 1 : 0, .late, nil, late: minutes, recordedOn: date))
            case (.absent(let category), false):
                result.append(registration(pupil, school, dayIndex, lesson: 0, .absent, category, late: nil, recordedOn: date))
            case (.absent(let category), true):
                for lesson in 1...school.lessonsPerDay {
                    result.append(registration(pupil, school, dayIndex, lesson: lesson, .absent, category, late: nil, recordedOn: date))
                }
            case (.lessons(let lessons, let category), true):
                for lesson in lessons {
                    result.append(registration(pupil, school, dayIndex, lesson: lesson, .absent, category, late: nil, recordedOn: date))
                }
            case (.lessons(_, let category), false):
                result.append(registration(pupil, school, dayIndex, lesson: 0, .absent, category, late: nil, recordedOn: date))
            }
        }
        return result
    }

    private func registration(_ pupil: GeneratedPupil, _ school: GeneratedSchool, _ dayIndex: Int, lesson: Int,
                              _ status: GeneratedRegistration.Status, _ category: GeneratedRegistration.Category?, late: Int?,
                              recordedOn: SchoolDate, correction: Bool = false) -> GeneratedRegistration {
        let date = schoolDays[dayIndex]
        // Registered in the morning (lesson n an hour later each), corrections at noon.
        let minute = correction ? 11 * 60 + pupil.index % 50 : 7 * 60 + 30 + pupil.index % 25 + max(0, lesson - 1) * 60
        let recordedAt = "\(recordedOn)T\(Self.twoDigits(minute / 60)):\(Self.twoDigits(minute % 60)):00Z"
        let id = "\(options.seed)-\(pupil.index)-\(date)-\(lesson == 0 ? "d" : "l\(lesson)")\(correction ? "-r" : "")"
        return GeneratedRegistration(sourceRegistrationId: id, pupilSourceId: pupil.sourceId, pupilIndex: pupil.index, schoolId: school.schoolId,
                                     date: date, lesson: lesson, status: status, category: category, minutesLate: late,
                                     recordedAt: recordedAt, dayFraction: lesson == 0 ? 1 : 1 / Double(school.lessonsPerDay),
                                     isCorrection: correction)
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func pupil(_ index: Int, options: MunicipalityOptions, year: DanishSchoolYear, schools: [GeneratedSchool]) -> GeneratedPupil {
        var random = SeededRandom(options.seed, 0, index)
        let school = schools[index % schools.count]
        let grade = (index / schools.count) % 11
        let girl = random.next() < 0.49
        let given = random.pick(girl ? DanishNames.girls : DanishNames.boys)
        let family = random.pick(DanishNames.surnames)
        let birthYear = options.schoolYearStart - 6 - grade
        let birthday = SchoolDate(dayNumber: SchoolDate(year: birthYear, month: 1, day: 1)!.dayNumber + random.int(0...364) + index / 10_000)
        let serial = (index + options.serialOffset) % 10_000
        let sourceId = "\(twoDigits(birthday.day))\(twoDigits(birthday.month))\(twoDigits(birthday.year % 100))-"
            + String(repeating: "0", count: 4 - String(serial).count) + String(serial)
        let profile = AbsenceProfile.pick(random.next())
        // About one pupil in a hundred moves to the municipality during the year.
        let movesIn = random.next() < 0.01
        let enrolledFrom = movesIn ? year.schoolDays[random.int(10...max(10, year.schoolDays.count / 2))]
                                   : SchoolDate(year: options.schoolYearStart - grade, month: 8, day: 1)!
        let letters = ["A", "B", "C"]
        return GeneratedPupil(index: index, sourceId: sourceId, givenName: given, familyName: family, schoolId: school.schoolId, schoolIndex: school.index,
                              className: "\(grade)\(letters[(index / (schools.count * 11)) % letters.count])", grade: grade,
                              enrolledFrom: enrolledFrom, profile: profile,
                              patternWeekday: random.next() < 0.8 ? (random.next() < 0.5 ? 1 : 5) : random.int(2...4),
                              onsetDay: random.int(0...max(0, year.schoolDays.count - 60)))
    }
}
