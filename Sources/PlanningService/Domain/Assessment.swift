/// Kortlægning (mapping the causes) across the five arenas: each with its factors and the child's
/// and the parents' own words, and the child's wellbeing (1–10) at the start and at evaluation.
struct Assessment: Codable, Sendable, Equatable {
    struct ArenaFindings: Codable, Sendable, Equatable {
        var arena: Arena
        /// What makes school attendance hard here (risk factors).
        var factors: [String]
        /// What helps (protective factors).
        var strengths: [String]?
        var childWords: String?
        var parentWords: String?
    }

    var arenas: [ArenaFindings]
    var wellbeingStart: Int?
    var wellbeingEvaluation: Int?

    static let empty = Assessment(arenas: [], wellbeingStart: nil, wellbeingEvaluation: nil)
    static let wellbeingScale = 1...10

    func validate() throws {
        var problems = InputProblems()
        var seen = Set<Arena>()
        for (index, findings) in arenas.enumerated() {
            problems.require(seen.insert(findings.arena).inserted, "arenas[\(index)].arena", "'\(findings.arena.rawValue)' appears twice")
            for (factor, text) in findings.factors.enumerated() {
                problems.require(InputProblems.nonBlank(text), "arenas[\(index)].factors[\(factor)]", "must not be blank")
            }
        }
        for (field, score) in [("wellbeingStart", wellbeingStart), ("wellbeingEvaluation", wellbeingEvaluation)] {
            if let score { problems.require(Self.wellbeingScale.contains(score), field, "must be from 1 to 10, got \(score)") }
        }
        try problems.throwIfAny("The kortlægning is not valid")
    }
}
