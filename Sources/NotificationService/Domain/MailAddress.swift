import Foundation

/// An e-mail address with an optional display name (`Åse Bøgh <aase@skole.dk>`). Only plain
/// addresses are accepted: no comments, no quoted local parts, no line breaks.
struct MailAddress: Sendable, Equatable, Hashable, Codable {
    var name: String?
    var address: String

    init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
            let name = trimmed[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            guard Self.isValid(address) else { return nil }
            self.init(name: name.isEmpty ? nil : name, address: address)
        } else {
            guard Self.isValid(trimmed) else { return nil }
            self.init(address: trimmed)
        }
    }

    /// A pragmatic check: one `@`, a dot in the domain, printable ASCII without spaces or brackets.
    static func isValid(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              address.utf8.count <= 254 else { return false }
        return address.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && !"<>()[],;:\\\"".unicodeScalars.contains($0) }
    }

    /// The address in lower case: how recipients are compared and stored.
    var normalized: String { address.lowercased() }

    var domain: String { String(address.split(separator: "@").last ?? "localhost") }
}
