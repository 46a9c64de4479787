import Foundation

/// Names the field and the reason of a JSON decoding error, for problem+json answers.
public extension DecodingError {
    /// The JSON path of the field a decoding error is about.
    var field: String {
        let path: [any CodingKey]
        switch self {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): path = context.codingPath
        @unknown default: path = []
        }
        return path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
    }

    var reason: String {
        switch self {
        case .keyNotFound: "is required"
        case .typeMismatch(let type, _): "has the wrong type (expected \(type))"
        case .valueNotFound: "must not be null"
        case .dataCorrupted(let context): context.codingPath.isEmpty ? "the body is not JSON" : context.debugDescription
        @unknown default: "is not valid"
        }
    }
}
