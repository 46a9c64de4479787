import Shared

/// Where the probes fall: the latest quarter of the school year with enough school days behind
/// today. A probe pupil has the quarter's first school days unauthorized, one short of the
/// warning's count (10 % of the quarter's school days, docs/screening.md); the probe is the
/// unauthorized day that reaches it, so the legal duty — and its immediate e-mail — follows it.
struct ProbePlan {
    var quarterSchoolDays: Int
    var earlierDays: [SchoolDate]
    var probeDay: SchoolDate

    init?(schoolDays: [SchoolDate], past: [SchoolDate], warningShare: Double = 0.10) {
        let quarters = Dictionary(grouping: schoolDays) { $0.quarter.first }
        for start in quarters.keys.sorted(by: >) {
            guard let days = quarters[start]?.sorted() else { continue }
            let count = Int((warningShare * Double(days.count) - 1e-9).rounded(.up))
            let behind = days.filter { past.contains($0) }
            guard count >= 1, behind.count >= count else { continue }
            quarterSchoolDays = days.count
            earlierDays = Array(behind.prefix(count - 1))
            probeDay = behind[count - 1]
            return
        }
        return nil
    }
}
