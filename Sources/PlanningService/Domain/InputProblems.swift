import Shared

/// Collects what is wrong with a request body, field by field, and answers 422 with all of them.
struct InputProblems {
    private(set) var items: [ProblemDetails.InvalidItem] = []

    mutating func require(_ condition: Bool, _ field: String, _ reason: @autoclosure () -> String) {
        if !condition { items.append(.init(index: nil, field: field, reason: reason())) }
    }

    func throwIfAny(_ title: String) throws {
        guard !items.isEmpty else { return }
        throw ProblemDetails(status: .unprocessableContent, type: "invalid-input", title: title,
                             detail: items.map { "\($0.field): \($0.reason)" }.joined(separator: "; "), errors: items)
    }

    static func nonBlank(_ text: String?) -> Bool { !(text ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
}
