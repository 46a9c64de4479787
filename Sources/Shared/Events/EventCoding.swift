import Foundation

/// The one JSON encoding of event data: ISO 8601 timestamps, sorted keys (stable bytes for tests
/// and diffs).
public enum EventCoding {
    /// Shared for speed: a configured JSONEncoder/JSONDecoder is safe to use from many threads.
    static let sharedEncoder = encoder()
    static let sharedDecoder = decoder()

    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = parseTimestamp(text) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an RFC 3339 timestamp \(SchoolDate.acceptedRange)")
        }
        return decoder
    }

    /// RFC 3339 with or without fractional seconds, within `SchoolDate.acceptedYears`: the parser
    /// for every timestamp from outside. Only our own parser reads them: Foundation's
    /// `ISO8601DateFormatter` (ICU) dies of a floating-point exception on some texts (found by
    /// `scripts/fuzz`; the input is in fuzz/corpus/rfc3339/icu-fpe), which would take a service down.
    public static func parseTimestamp(_ text: String) -> Date? {
        guard let date = RFC3339.parse(text), SchoolDate.accepts(date) else { return nil }
        return date
    }

    public static func formatTimestamp(_ date: Date) -> String {
        RFC3339.format(date)
    }
}
