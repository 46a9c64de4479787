/// Where a case is in the workflow. Closing goes through the evaluation, never through a status edit.
enum CaseStatus: String, Codable, Sendable, CaseIterable {
    case opened
    /// kortlægning under way
    case mapping
    /// handlemuligheder: the plan is being carried out
    case acting
    case evaluating
    case closed
}
