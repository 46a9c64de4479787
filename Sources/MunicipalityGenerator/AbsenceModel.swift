import Shared

/// Decides, for one pupil and one school day, what the school registers — a pure function of the
/// seed, the pupil and the day, so any day can be generated alone. Illness comes in spells and
/// more in the winter; each profile adds its own kind of absence.
struct AbsenceModel: Sendable {
    enum Day: Equatable {
        case present
        case late(minutes: Int)
        case absent(GeneratedRegistration.Category)
        /// Away from some lessons only.
        case lessons([Int], GeneratedRegistration.Category)
    }

    let seed: UInt64
    let schoolDays: [SchoolDate]

    func day(_ pupil: GeneratedPupil, _ dayIndex: Int, lessonsPerDay: Int) -> Day {
        let date = schoolDays[dayIndex]
        var random = SeededRandom(seed, 1, pupil.index, dayIndex)
        if inSpell(pupil, dayIndex, purpose: 2, startChance: illnessStart(pupil, date), lengths: pupil.profile == .illnessProne ? 2...4 : 1...3) {
            return .absent(.illness)
        }
        switch pupil.profile {
        case .streaks:
            if inSpell(pupil, dayIndex, purpose: 3, startChance: 0.035, lengths: 3...6) {
                var kind = SeededRandom(seed, 3, pupil.index, dayIndex / 8)
                return .absent(kind.next() < 0.7 ? .unauthorized : .illness)
            }
        case .weekdayPattern:
            if date.isoWeekday == pupil.patternWeekday, random.next() < 0.55 {
                return .absent(random.next() < 0.6 ? .unauthorized : .illness)
            }
        case .risingUnauthorized, .schoolRefusal:
            let rise = min(1, Double(max(0, dayIndex - pupil.onsetDay)) / 40)
            let chance = pupil.profile == .schoolRefusal ? 0.05 + 0.5 * rise : 0.01 + 0.22 * rise
            if random.next() < chance {
                if lessonsPerDay > 1, random.next() < 0.35 {
                    let first = random.int(1...lessonsPerDay)
                    return .lessons(Array(first...min(lessonsPerDay, first + random.int(0...2))), .unauthorized)
                }
                return .absent(pupil.profile == .schoolRefusal && random.next() < 0.3 ? .illness : .unauthorized)
            }
        case .lateArrivals:
            if random.next() < 0.3 { return .late(minutes: random.int(5...40)) }
        case .regular, .illnessProne:
            break
        }
        let roll = random.next()
        if roll < 0.004 { return .absent(.unauthorized) }
        if roll < 0.010 { return .absent(.authorized) }
        if roll < 0.030 { return .late(minutes: random.int(3...25)) }
        return .present
    }

    /// Whether an unauthorized whole-day absence is later corrected to illness (a doctor's note).
    func isCorrected(_ pupil: GeneratedPupil, _ dayIndex: Int) -> Bool {
        var random = SeededRandom(seed, 4, pupil.index, dayIndex)
        return random.next() < 0.08
    }

    /// Illness starts more often in the winter months: an illness wave from December to February.
    private func illnessStart(_ pupil: GeneratedPupil, _ date: SchoolDate) -> Double {
        let season: Double = switch date.month {
        case 12, 1, 2: 2.4
        case 11, 3: 1.5
        default: 1
        }
        return (pupil.profile == .illnessProne ? 0.03 : 0.009) * season
    }

    /// Whether a spell (of illness, or a streak) that may have started on one of the days before
    /// covers this day: each day starts a spell with `startChance` and a seeded length.
    private func inSpell(_ pupil: GeneratedPupil, _ dayIndex: Int, purpose: Int, startChance: Double, lengths: ClosedRange<Int>) -> Bool {
        for start in max(0, dayIndex - lengths.upperBound + 1)...dayIndex {
            var random = SeededRandom(seed, purpose, pupil.index, start)
            if random.next() < startChance, start + random.int(lengths) > dayIndex { return true }
        }
        return false
    }
}
