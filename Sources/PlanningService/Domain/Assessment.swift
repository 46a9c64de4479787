import PlanningAPI
import Shared

/// Kortlægning's rules: the empty document of a new case, the wellbeing scale (1–10), and the
/// checks on a document before it is saved.
extension Assessment {
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
