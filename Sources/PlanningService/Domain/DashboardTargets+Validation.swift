import PlanningAPI
import Shared

extension DashboardTargetsChange {
    /// The longest baseline period (three school years).
    static let longestBaselineMonths = 36

    /// The change as it may be saved, or 422 naming the field: the baseline's months YYYY-MM from
    /// 2000-01 to 2100-12, from ≤ to and at most 36 months; the reductions shares from 0 to 1.
    func validated() throws -> DashboardTargetsChange {
        for (field, month) in [("baselineFrom", baselineFrom), ("baselineTo", baselineTo)] where MonthKeys.range(from: month, to: month) == nil {
            throw ProblemDetails.invalid(field, "must be a month YYYY-MM from 2000-01 to 2100-12")
        }
        guard let months = MonthKeys.range(from: baselineFrom, to: baselineTo) else {
            throw ProblemDetails.invalid("baselineTo", "must not be before baselineFrom")
        }
        guard months.count <= Self.longestBaselineMonths, months.last == baselineTo else {
            throw ProblemDetails.invalid("baselineTo", "the baseline may be at most \(Self.longestBaselineMonths) months")
        }
        for (field, share) in [("problematicReduction", problematicReduction), ("underretningReduction", underretningReduction)]
        where !share.isFinite || share < 0 || share > 1 {
            throw ProblemDetails.invalid(field, "must be a share from 0 to 1 (0.15 is 15 %)")
        }
        return self
    }
}
