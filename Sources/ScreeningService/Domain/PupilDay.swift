import Shared

/// One pupil's registrations on one school day, kept as bit sets of periods (bit 0 = the whole
/// day, bit n = lesson n) per status, so a correction for the same period simply moves the
/// period's bit — no earlier registration has to be looked up (architecture §4, corrections).
struct PupilDay: Sendable, Equatable {
    var day: Int
    var illness: UInt16 = 0
    var authorized: UInt16 = 0
    var unauthorized: UInt16 = 0
    var late: UInt16 = 0
    var present: UInt16 = 0
    /// The share of the day one lesson covers (1 / lessons per day, from Intake's `dayFraction`).
    var lessonShare: Double = 1
    /// Newest `recordedAt` applied (ms since 1970): an older first registration for a period already
    /// registered is a stale redelivery and is ignored. A correction always applies: Intake decided it
    /// is newer than the period's current registration (per period; this is per day).
    var recordedAt: Int64 = 0

    init(day: Int) { self.day = day }

    init(day: Int, illness: UInt16, authorized: UInt16, unauthorized: UInt16, late: UInt16, present: UInt16, lessonShare: Double, recordedAt: Int64) {
        self.day = day
        self.illness = illness
        self.authorized = authorized
        self.unauthorized = unauthorized
        self.late = late
        self.present = present
        self.lessonShare = lessonShare
        self.recordedAt = recordedAt
    }

    /// A registration for part of the day (Ed-Fi's `eventDuration` 0.5: a whole-day period with a
    /// `dayFraction` below 1) takes this bit, with `lessonShare` its share. A day-level registration —
    /// whole or part — replaces the other, so a corrected duration moves the day's absence. Known
    /// limit: a day with both a part-day registration and lesson registrations has one share for both
    /// (the newest); no feed sends both for a day.
    static let partOfDayBit: UInt16 = 1 << 13

    static func bit(_ period: AttendancePeriod) -> UInt16 {
        switch period {
        case .day: 1
        case .lesson(let number): 1 << UInt16(number)
        }
    }

    /// Applies one registration; returns whether anything changed.
    mutating func apply(period: AttendancePeriod, status: AttendanceStatus, category: AbsenceCategory?, dayFraction: Double, recordedAt: Int64,
                        isCorrection: Bool = false) -> Bool {
        let partOfDay = period == .day && dayFraction > 0 && dayFraction < 1
        let bit = partOfDay ? Self.partOfDayBit : Self.bit(period)
        let replaced = period == .day ? 1 | Self.partOfDayBit : bit
        let all = illness | authorized | unauthorized | late | present
        if !isCorrection, all & replaced != 0, recordedAt < self.recordedAt { return false }
        let before = self
        illness &= ~replaced
        authorized &= ~replaced
        unauthorized &= ~replaced
        late &= ~replaced
        present &= ~replaced
        switch status {
        case .present: present |= bit
        case .late: late |= bit
        case .absent:
            switch category ?? .unauthorized {
            case .illness: illness |= bit
            case .authorized: authorized |= bit
            case .unauthorized: unauthorized |= bit
            }
        }
        if partOfDay { lessonShare = dayFraction } else if case .lesson = period, dayFraction > 0 { lessonShare = dayFraction }
        self.recordedAt = max(self.recordedAt, recordedAt)
        return self != before
    }

    func share(_ mask: UInt16) -> Double {
        if mask & 1 != 0 { return 1 }
        return min(1, Double((mask >> 1).nonzeroBitCount) * lessonShare)
    }

    var illnessShare: Double { share(illness) }
    var authorizedShare: Double { share(authorized) }
    var unauthorizedShare: Double { share(unauthorized) }
    /// All absence of the day, at most the whole day.
    var totalShare: Double { share(illness | authorized | unauthorized) }
    /// Late arrivals: a late whole-day registration or late lessons each count once per day.
    var isLate: Bool { late != 0 }
    var hasAbsence: Bool { (illness | authorized | unauthorized) != 0 }
}
