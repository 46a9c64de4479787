import Foundation
import Logging

/// One JSON object per line on stdout: time, level, service, message, metadata and the current
/// trace id. As a last guard for the privacy rules, anything shaped like a CPR number
/// (DDMMYY-XXXX) is masked before it is written.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let service: String

    public init(label: String, service: String, level: Logger.Level) {
        self.label = label
        self.service = service
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new }) {
            object[key] = PrivacyMask.mask("\(value)")
        }
        object["ts"] = Self.timestamp()
        object["level"] = event.level.rawValue
        object["service"] = service
        object["logger"] = label
        object["msg"] = PrivacyMask.mask("\(event.message)")
        if let trace = TraceContext.current { object["trace_id"] = trace.traceID }
        guard var line = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        line.append(0x0A)
        FileHandle.standardOutput.write(line)
    }

    private static func timestamp() -> String {
        RFC3339.format(Date(), milliseconds: true)
    }
}

/// Masks CPR-shaped numbers (6 digits, optional dash, 4 digits, not inside a longer number).
public enum PrivacyMask {
    public static func mask(_ text: String) -> String {
        guard text.contains(where: \.isNumber) else { return text }
        return text.replacing(/(^|[^0-9])[0-3][0-9][01][0-9]{3}-?[0-9]{4}(?![0-9])/) { match in
            match.output.1 + "<cpr>"
        }
    }
}
