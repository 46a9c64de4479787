import Foundation

/// `GET/PUT /v1/dashboard/targets`: the municipality's targets (Aabenraa's change model): the share
/// of pupils with particularly problematic absence down by `problematicReduction` and the number of
/// underretninger down by `underretningReduction`, both against the baseline period
/// `baselineFrom`–`baselineTo` (months YYYY-MM) the municipality chose. Set by its administrator;
/// every version is kept with who set it and when. Version 0 is the default before anyone set one:
/// the reductions without a baseline.
public struct DashboardTargets: Codable, Sendable, Equatable {
    public var version: Int
    public var baselineFrom: String?
    public var baselineTo: String?
    public var problematicReduction: Double
    public var underretningReduction: Double
    public var setBy: String?
    public var setAt: Date?

    public init(version: Int, baselineFrom: String? = nil, baselineTo: String? = nil, problematicReduction: Double, underretningReduction: Double,
                setBy: String? = nil, setAt: Date? = nil) {
        (self.version, self.baselineFrom, self.baselineTo) = (version, baselineFrom, baselineTo)
        (self.problematicReduction, self.underretningReduction, self.setBy, self.setAt) = (problematicReduction, underretningReduction, setBy, setAt)
    }

    /// Aabenraa's targets, without a baseline: what the dashboard uses until the municipality sets its own.
    public static let standard = DashboardTargets(version: 0, problematicReduction: 0.15, underretningReduction: 0.10)
}

/// The body of `PUT /v1/dashboard/targets` (with If-Match: the version read).
public struct DashboardTargetsChange: Codable, Sendable, Equatable {
    public var baselineFrom: String
    public var baselineTo: String
    public var problematicReduction: Double
    public var underretningReduction: Double

    public init(baselineFrom: String, baselineTo: String, problematicReduction: Double, underretningReduction: Double) {
        (self.baselineFrom, self.baselineTo, self.problematicReduction, self.underretningReduction) =
            (baselineFrom, baselineTo, problematicReduction, underretningReduction)
    }
}

/// What the dashboard's figures mean, from PlanningService's settings (docs/planning.md, "Dashboard").
public struct DashboardDefinitions: Codable, Sendable, Equatable {
    /// Særligt problematisk fravær: all absence at or over this share of the last `problematicWindowSchoolDays` school days.
    public var problematicThreshold: Double
    public var problematicWindowSchoolDays: Int
    /// The ministry's line: more than this share of the school year's school days absent.
    public var nationalThreshold: Double
    /// The ministry's share of folkeskole pupils over the line, and its school year.
    public var nationalShare: Double
    public var nationalSchoolYear: String
    /// What the underretninger count is made of (`legal-task:notify-municipality`: the legal tasks of
    /// the quarter rule `unauthorized-quarter-report`, by the month its 15 % was reached).
    public var underretningerCounted: String

    public init(problematicThreshold: Double, problematicWindowSchoolDays: Int, nationalThreshold: Double, nationalShare: Double,
                nationalSchoolYear: String, underretningerCounted: String) {
        (self.problematicThreshold, self.problematicWindowSchoolDays, self.nationalThreshold) = (problematicThreshold, problematicWindowSchoolDays, nationalThreshold)
        (self.nationalShare, self.nationalSchoolYear, self.underretningerCounted) = (nationalShare, nationalSchoolYear, underretningerCounted)
    }
}
