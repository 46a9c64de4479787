import Foundation
import Shared

/// One school day of the whole country (`scripts/bench-national`): pupils in schools of realistic
/// size, every lesson of the day registered, in the order the registrations are made.
///
/// The distribution, and why:
/// - Schools: seven in ten are folkeskoler of 250–850 pupils, three in ten free or private schools
///   of 80–400 (Danmarks Statistik: ~1,050 folkeskoler of ~500 pupils, ~550 others of ~200), so
///   700,000 pupils give ~1,500 schools. Grades 0–9 in equal shares, classes of at most 24.
/// - Lessons: grades 0–3 have 6 lessons, 4–6 have 7, 7–9 have 8 (the folkeskole's minimum hours),
///   6.9 a pupil on average: 700,000 pupils make ~4.8 million registrations. Every lesson is
///   registered (lektionsregistrering), present pupils too, as lesson-level systems send them.
/// - When: lessons start 08:00, 08:50, 09:50, 10:40, 12:00, 12:50, 13:40, 14:30 Danish time, and a
///   class's teacher registers the class in the first ten minutes of the lesson, a pupil a second.
///   Lessons 1–4 (all before noon) are 58 % of the day, and the first ten minutes of lesson 1 —
///   every pupil of the country — are the peak.
/// - Statuses: 5 % absent all day (3.5 % ill, 1 % authorized, 0.5 % unauthorized), 1 % leave
///   during the day (absent from a later lesson on), 3 % late to the first lesson, the rest present.
public struct NationalDay: Sendable {
    public static let lessonStarts = ["08:00", "08:50", "09:50", "10:40", "12:00", "12:50", "13:40", "14:30"]
    public static let maxLessons = lessonStarts.count
    public static let classSize = 24

    public let date: SchoolDate
    public let schools: [GeneratedSchool]
    public let pupils: [GeneratedPupil]
    /// Each school's first pupil (pupils are numbered school by school).
    private let schoolStarts: [Int]
    private let seed: UInt64
    /// Seconds from local midnight to UTC on the date (Europe/Copenhagen: 1 or 2 hours).
    private let utcOffsetSeconds: Int

    public init(pupils count: Int, date: SchoolDate, seed: UInt64 = 2026, schoolPrefix: String = "dk") {
        self.date = date
        self.seed = seed
        var random = SeededRandom(seed, 7)
        var schools: [GeneratedSchool] = []
        var schoolStarts: [Int] = []
        var pupils: [GeneratedPupil] = []
        pupils.reserveCapacity(count)
        let startYear = DanishSchoolYear.startYear(containing: date)
        while pupils.count < count {
            let size = min(count - pupils.count, random.next() < 0.7 ? random.int(250...850) : random.int(80...400))
            let school = GeneratedSchool(index: schools.count, schoolId: "\(schoolPrefix)-\(schools.count + 1)", name: "Skole \(schools.count + 1)",
                                         lessonLevel: true, lessonsPerDay: Self.maxLessons)
            schools.append(school)
            schoolStarts.append(pupils.count)
            for position in 0..<size {
                pupils.append(Self.pupil(index: pupils.count, position: position, school: school, startYear: startYear, seed: seed))
            }
        }
        self.schools = schools
        self.pupils = pupils
        self.schoolStarts = schoolStarts
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let noon = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12)) ?? Date()
        utcOffsetSeconds = TimeZone(identifier: "Europe/Copenhagen")?.secondsFromGMT(for: noon) ?? 3600
    }

    /// Grades 0–3: 6 lessons, 4–6: 7, 7–9: 8.
    public static func lessons(grade: Int) -> Int { grade <= 3 ? 6 : grade <= 6 ? 7 : 8 }

    public var registrationCount: Int { pupils.reduce(0) { $0 + Self.lessons(grade: $1.grade) } }

    /// The registrations of one lesson (1…8), ordered by when they are made.
    public func registrations(lesson: Int) -> [GeneratedRegistration] {
        guard (1...Self.maxLessons).contains(lesson) else { return [] }
        let start = Self.minutes(Self.lessonStarts[lesson - 1]) * 60
        var made: [(second: Int, registration: GeneratedRegistration)] = []
        made.reserveCapacity(pupils.count)
        for pupil in pupils where Self.lessons(grade: pupil.grade) >= lesson {
            // A class is registered at one moment of the lesson's first ten minutes, a pupil a second.
            let position = pupil.index - schoolStarts[pupil.schoolIndex]
            var classRandom = SeededRandom(seed, 11, pupil.schoolIndex, pupil.grade, position / 10 / Self.classSize, lesson)
            let second = start + classRandom.int(0...(600 - Self.classSize)) + (position / 10) % Self.classSize
            made.append((second, registration(pupil, lesson: lesson, second: second)))
        }
        made.sort { $0.second < $1.second }
        return made.map(\.registration)
    }

    private func registration(_ pupil: GeneratedPupil, lesson: Int, second: Int) -> GeneratedRegistration {
        var random = SeededRandom(seed, 13, pupil.index)
        let roll = random.next()
        let leaves = random.int(2...Self.lessons(grade: pupil.grade))
        let late = random.int(5...30)
        var status = GeneratedRegistration.Status.present
        var category: GeneratedRegistration.Category?
        switch roll {
        case ..<0.035: (status, category) = (.absent, .illness)
        case ..<0.045: (status, category) = (.absent, .authorized)
        case ..<0.05: (status, category) = (.absent, .unauthorized)
        case ..<0.06 where lesson >= leaves: (status, category) = (.absent, roll < 0.055 ? .illness : .authorized)
        case 0.06..<0.09 where lesson == 1: status = .late
        default: break
        }
        let utc = second - utcOffsetSeconds
        let recordedAt = "\(date)T\(Self.two(utc / 3600)):\(Self.two(utc / 60 % 60)):\(Self.two(utc % 60))Z"
        return GeneratedRegistration(sourceRegistrationId: "\(pupil.sourceId)-\(date)-l\(lesson)", pupilSourceId: pupil.sourceId,
                                     pupilIndex: pupil.index, schoolId: pupil.schoolId, date: date, lesson: lesson, status: status,
                                     category: category, minutesLate: status == .late ? late : nil, recordedAt: recordedAt,
                                     dayFraction: 1 / Double(Self.maxLessons), isCorrection: false)
    }

    private static func pupil(index: Int, position: Int, school: GeneratedSchool, startYear: Int, seed: UInt64) -> GeneratedPupil {
        var random = SeededRandom(seed, 9, index)
        let grade = position % 10
        let girl = random.next() < 0.49
        return GeneratedPupil(index: index, sourceId: "elev-\(index)", givenName: random.pick(girl ? DanishNames.girls : DanishNames.boys),
                              familyName: random.pick(DanishNames.surnames), schoolId: school.schoolId, schoolIndex: school.index,
                              className: "\(grade)\(["A", "B", "C", "D", "E"][min(4, position / 10 / classSize)])", grade: grade,
                              enrolledFrom: SchoolDate(year: startYear - grade, month: 8, day: 1) ?? SchoolDate(dayNumber: 0),
                              profile: .regular, patternWeekday: 1, onsetDay: 0)
    }

    static func minutes(_ clock: String) -> Int {
        let parts = clock.split(separator: ":").compactMap { Int($0) }
        return parts.count == 2 ? parts[0] * 60 + parts[1] : 0
    }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
