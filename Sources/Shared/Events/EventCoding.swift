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
    /// for every timestamp from outside.
    public static func parseTimestamp(_ text: String) -> Date? {
        guard let date = parseAnyTimestamp(text), SchoolDate.accepts(date) else { return nil }
        return date
    }

    static func parseAnyTimestamp(_ text: String) -> Date? {
        if let date = RFC3339.parse(text) { return date }
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    public static func formatTimestamp(_ date: Date) -> String {
        RFC3339.format(date)
    }
}
