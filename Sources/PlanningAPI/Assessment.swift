import Foundation

/// The five arenas of kortlægning (mapping the causes) and of the plan's actions.
public enum Arena: String, Codable, Sendable, CaseIterable {
    /// skolens læringsmiljø
    case learningEnvironment = "learning-environment"
    /// relationer til lærere og kammerater
    case relations
    /// fritid
    case leisure
    /// hjem og familie
    case homeAndFamily = "home-and-family"
    /// barnet selv: helbred, trivsel, neuroudviklingsforstyrrelser
    case child
}

/// Kortlægning (mapping the causes) across the five arenas: each with its factors and the child's
/// and the parents' own words, and the child's wellbeing (1–10) at the start and at evaluation.
/// The body of `PUT /v1/cases/{caseId}/kortlaegning`.
public struct Assessment: Codable, Sendable, Equatable {
    public struct ArenaFindings: Codable, Sendable, Equatable {
        public var arena: Arena
        /// What makes school attendance hard here (risk factors).
        public var factors: [String]
        /// What helps (protective factors).
        public var strengths: [String]?
        public var childWords: String?
        public var parentWords: String?

        public init(arena: Arena, factors: [String], strengths: [String]? = nil, childWords: String? = nil, parentWords: String? = nil) {
            self.arena = arena
            self.factors = factors
            self.strengths = strengths
            self.childWords = childWords
            self.parentWords = parentWords
        }
    }

    public var arenas: [ArenaFindings]
    public var wellbeingStart: Int?
    public var wellbeingEvaluation: Int?

    public init(arenas: [ArenaFindings], wellbeingStart: Int? = nil, wellbeingEvaluation: Int? = nil) {
        self.arenas = arenas
        self.wellbeingStart = wellbeingStart
        self.wellbeingEvaluation = wellbeingEvaluation
    }
}

/// `GET /v1/cases/{caseId}/kortlaegning`: the case's kortlægning and its version (0 = not started).
public struct AssessmentVersion: Codable, Sendable {
    public var version: Int
    public var assessment: Assessment
    public var updatedAt: Date?
    public var updatedBy: String?

    public init(version: Int, assessment: Assessment, updatedAt: Date? = nil, updatedBy: String? = nil) {
        self.version = version
        self.assessment = assessment
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }
}
