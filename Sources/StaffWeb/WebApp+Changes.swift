import Foundation
import Hummingbird
import PlanningAPI
import Shared

extension WebApp {
    /// Runs a change through the API. A refusal the person can act on (invalid input, a conflict,
    /// someone else's newer version) comes back to be shown on the page; anything else is thrown.
    func attempt(_ change: () async throws -> Void) async throws -> APIProblem? {
        do {
            try await change()
            return nil
        } catch let problem as APIProblem where [400, 409, 412, 422, 428].contains(problem.status) {
            return problem
        }
    }

    /// The page's message for a refused change: a heading and each field with its reason.
    func message(_ problem: APIProblem, _ language: WebLanguage) -> (text: String, details: [String]) {
        if problem.status == 409 || problem.status == 412 { return (language.text("error_conflict"), [problem.detail]) }
        let details = problem.fields.isEmpty ? [problem.detail] : problem.fields.map { "\($0.field): \($0.reason)" }
        return (language.text("error_invalid") + " — " + problem.title, details)
    }

    /// A triage decision from a form field; one the API does not know is refused here as the API
    /// would refuse it: a problem naming the field (and the decision's place in a meeting's batch).
    static func decision(_ value: String?, field: String, index: Int? = nil) throws -> PupilTriage.Decision {
        guard let decision = value.flatMap(PupilTriage.Decision.init) else {
            let known = PupilTriage.Decision.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIProblem(status: 400, title: "The decision is not valid", detail: "",
                             fields: [.init(index: index, field: field, reason: "'\(value ?? "")' is not one of \(known)")])
        }
        return decision
    }

    /// Runs `work` for every element at once (the pages' independent API reads), keeping the order.
    static func concurrently<T: Sendable, R: Sendable>(_ items: [T], _ work: @escaping @Sendable (T) async throws -> R) async throws -> [R] {
        try await withThrowingTaskGroup(of: (Int, R).self) { group in
            for (index, item) in items.enumerated() { group.addTask { (index, try await work(item)) } }
            var results: [(Int, R)] = []
            for try await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    static func pupilName(_ pupil: Pupil?, fallback key: String) -> String {
        guard let pupil, !pupil.erased, !(pupil.givenName + pupil.familyName).isEmpty else { return String(key.prefix(8)) + "…" }
        return "\(pupil.givenName) \(pupil.familyName)"
    }

    static func pupilHref(_ key: String) -> String { "/pupils/\(StaffAPI.escape(key))" }
    static func caseHref(_ id: String) -> String { "/cases/\(StaffAPI.escape(id))" }
}
