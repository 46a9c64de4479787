import Foundation

/// `GET /v1/legal-track/figures[?schoolId=&from=YYYY-Qn&to=YYYY-Qn]`: per quarter, how many of each
/// step of the legal track were done and how many within their deadline. Figures only, no pupil.
public struct LegalTrackFigures: Codable, Sendable, Equatable {
    /// One step's count in a quarter.
    public struct StepCount: Codable, Sendable, Equatable {
        /// Steps due in the quarter (or done in it).
        public var due: Int
        public var done: Int
        public var withinDeadline: Int
        /// Not done and past the deadline now.
        public var overdue: Int

        public init(due: Int = 0, done: Int = 0, withinDeadline: Int = 0, overdue: Int = 0) {
            (self.due, self.done, self.withinDeadline, self.overdue) = (due, done, withinDeadline, overdue)
        }
    }

    public struct Quarter: Codable, Sendable, Equatable {
        public var period: String
        /// Pupil-days of unauthorized absence and the parents contacted the same day.
        public var contacts: StepCount
        public var warnings: StepCount
        public var underretninger: StepCount
        public var hearings: StepCount
        public var decisions: StepCount
        public var stops: Int
        public var noStops: Int
        public var dropped: Int
        public var appeals: Int
        /// Appeals whose outcome changed, overturned or sent back the decision.
        public var appealsNotUpheld: Int

        public init(period: String, contacts: StepCount = .init(), warnings: StepCount = .init(), underretninger: StepCount = .init(),
                    hearings: StepCount = .init(), decisions: StepCount = .init(), stops: Int = 0, noStops: Int = 0, dropped: Int = 0, appeals: Int = 0,
                    appealsNotUpheld: Int = 0) {
            self.period = period
            self.contacts = contacts
            self.warnings = warnings
            self.underretninger = underretninger
            self.hearings = hearings
            self.decisions = decisions
            self.stops = stops
            self.noStops = noStops
            self.dropped = dropped
            self.appeals = appeals
            self.appealsNotUpheld = appealsNotUpheld
        }
    }

    public var schoolId: String?
    public var from: String
    public var to: String
    public var quarters: [Quarter]

    public init(schoolId: String?, from: String, to: String, quarters: [Quarter]) {
        (self.schoolId, self.from, self.to, self.quarters) = (schoolId, from, to, quarters)
    }
}
