import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body, read by Hummingbird's
/// `URLEncodedFormDecoder`: a field once (`name=value`), or a list (`name[]=a&name[]=b`). A body it
/// cannot read — bad percent-encoding, a name twice without `[]`, nested names — throws.
struct FormFields: Sendable {
    private(set) var values: [String: [String]] = [:]

    init(_ body: String) throws {
        for (name, field) in try URLEncodedFormDecoder().decode([String: Field].self, from: body) {
            values[name] = field.values
        }
    }

    /// One field: its value, or the values of a list.
    private struct Field: Decodable {
        var values: [String]

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            values = try (try? [container.decode(String.self)]) ?? container.decode([String].self)
        }
    }

    /// The first value of `name`, trimmed; nil when missing or blank.
    subscript(_ name: String) -> String? {
        guard let value = values[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// The non-blank lines of a text area.
    func lines(_ name: String) -> [String] {
        (self[name] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
