import Shared

/// Optimistic concurrency: a resource's version travels as a strong ETag (`"3"`) and comes back in
/// `If-Match`. An update without it is refused (428) and one against an older version too (412),
/// so no edit silently overwrites another. `*` is refused as well: it would allow exactly that.
enum EntityTag {
    static func header(_ version: Int) -> String { "\"\(version)\"" }

    /// Checks `If-Match` against the current version.
    static func check(_ ifMatch: String?, current: Int) throws {
        guard let ifMatch, !ifMatch.trimmingCharacters(in: .whitespaces).isEmpty, ifMatch.trimmingCharacters(in: .whitespaces) != "*" else {
            throw ProblemDetails(status: .preconditionRequired, type: "precondition-required", title: "If-Match is required",
                                 detail: "send If-Match with the ETag you read (current: \(header(current)))",
                                 errors: [.init(index: nil, field: "If-Match", reason: "is required on updates")])
        }
        let tags = ifMatch.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard tags.contains(header(current)) else {
            throw ProblemDetails(status: .preconditionFailed, type: "precondition-failed", title: "The resource has changed",
                                 detail: "someone else changed it since you read it: read it again (current ETag \(header(current)))",
                                 errors: [.init(index: nil, field: "If-Match", reason: "\(ifMatch) is not the current version \(header(current))")])
        }
    }
}
