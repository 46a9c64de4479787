import Shared

/// The municipality's targets for one school or several schools together (the dashboard): month by
/// month and by school year, the share of pupils with særligt problematisk fravær (particularly
/// problematic absence) and the number of underretninger (notifying the municipality), each against
/// the baseline period the municipality chose; and per school year the share of pupils over 10 %
/// absence on the ministry's definition. Figures only: no pupil is named or keyed.
public struct DashboardFigures: Codable, Sendable, Equatable {
    /// One month. A month has figures when the school has school days in it and it has begun by the
    /// figures' last day; the counts are then over every pupil enrolled in it (each with their last
    /// absence figure up to the month's end), otherwise they are 0 and the share nil.
    public struct Month: Codable, Sendable, Equatable {
        public var month: String
        public var hasFigures: Bool
        public var pupils: Int
        public var pupilsProblematic: Int
        public var problematicShare: Double?
        /// Underretninger whose 15 % of the quarter was reached in the month.
        public var underretninger: Int

        public init(month: String, hasFigures: Bool, pupils: Int, pupilsProblematic: Int, problematicShare: Double? = nil, underretninger: Int) {
            (self.month, self.hasFigures, self.pupils, self.pupilsProblematic, self.problematicShare, self.underretninger) =
                (month, hasFigures, pupils, pupilsProblematic, problematicShare, underretninger)
        }
    }

    /// One school year (1 August – 31 July) up to the figures' last day.
    public struct SchoolYear: Codable, Sendable, Equatable {
        public var schoolYear: String
        /// The last school day counted (nil: no figures in the school year).
        public var through: SchoolDate?
        /// Months with figures.
        public var months: Int
        /// Pupils with particularly problematic absence over the pupil-months of the year.
        public var problematicShare: Double?
        public var underretninger: Int
        public var underretningerPerMonth: Double?
        /// The ministry's definition: all absent days over the school days of the year so far, per pupil.
        public var pupils: Int
        public var pupilsOver10: Int
        public var over10Share: Double?

        public init(schoolYear: String, through: SchoolDate? = nil, months: Int, problematicShare: Double? = nil, underretninger: Int,
                    underretningerPerMonth: Double? = nil, pupils: Int, pupilsOver10: Int, over10Share: Double? = nil) {
            (self.schoolYear, self.through, self.months, self.problematicShare, self.underretninger) = (schoolYear, through, months, problematicShare, underretninger)
            (self.underretningerPerMonth, self.pupils, self.pupilsOver10, self.over10Share) = (underretningerPerMonth, pupils, pupilsOver10, over10Share)
        }
    }

    /// The baseline period's figures and the targets they give.
    public struct Baseline: Codable, Sendable, Equatable {
        public var from: String
        public var to: String
        /// Months of the period with figures (nil figures below when none).
        public var months: Int
        public var problematicShare: Double?
        /// The baseline share reduced by the municipality's goal.
        public var problematicTarget: Double?
        public var underretningerPerMonth: Double?
        public var underretningTargetPerMonth: Double?

        public init(from: String, to: String, months: Int, problematicShare: Double? = nil, problematicTarget: Double? = nil,
                    underretningerPerMonth: Double? = nil, underretningTargetPerMonth: Double? = nil) {
            (self.from, self.to, self.months, self.problematicShare, self.problematicTarget) = (from, to, months, problematicShare, problematicTarget)
            (self.underretningerPerMonth, self.underretningTargetPerMonth) = (underretningerPerMonth, underretningTargetPerMonth)
        }
    }

    public var months: [Month]
    public var schoolYears: [SchoolYear]
    /// nil until the municipality has chosen a baseline period.
    public var baseline: Baseline?

    public init(months: [Month], schoolYears: [SchoolYear], baseline: Baseline? = nil) {
        (self.months, self.schoolYears, self.baseline) = (months, schoolYears, baseline)
    }
}
