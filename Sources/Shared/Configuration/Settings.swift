import Configuration
import Foundation

/// Reads settings from environment variables (through swift-configuration's `ConfigReader`) with
/// one-machine defaults. A malformed value is an error naming the variable — never silently the
/// default. A secret `NAME` may instead come from the file named by `NAME_FILE`.
public struct Settings: Sendable {
    private let reader: ConfigReader
    private let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        self.reader = ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: environment))
    }

    private func key(_ name: String) -> ConfigKey {
        ConfigKey(name.lowercased().split(separator: "_").map(String.init))
    }

    private func raw(_ name: String, isSecret: Bool = false) -> String? {
        guard let value = reader.string(forKey: key(name), isSecret: isSecret) else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    public func string(_ name: String, default defaultValue: String) -> String {
        raw(name) ?? defaultValue
    }

    public func optionalString(_ name: String) -> String? {
        raw(name)
    }

    public func requiredString(_ name: String) throws -> String {
        guard let value = raw(name) else { throw ConfigurationError(variable: name, reason: "is required but not set") }
        return value
    }

    public func int(_ name: String, default defaultValue: Int, range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
        guard let text = raw(name) else { return defaultValue }
        guard let value = Int(text) else { throw ConfigurationError(variable: name, reason: "expected a whole number, got '\(text)'") }
        guard range.contains(value) else {
            throw ConfigurationError(variable: name, reason: "\(value) is outside \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    public func bool(_ name: String, default defaultValue: Bool) throws -> Bool {
        guard let text = raw(name) else { return defaultValue }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(variable: name, reason: "expected true or false, got '\(text)'")
        }
    }

    public func choice<T: RawRepresentable & CaseIterable>(_ name: String, default defaultValue: T) throws -> T where T.RawValue == String {
        guard let text = raw(name) else { return defaultValue }
        guard let value = T(rawValue: text.lowercased()) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(variable: name, reason: "expected one of \(allowed), got '\(text)'")
        }
        return value
    }

    /// A secret from `NAME`, or from the file `NAME_FILE` names (Kubernetes secret volumes).
    public func secret(_ name: String) throws -> String? {
        if let path = raw(name + "_FILE") {
            guard let contents = FileManager.default.contents(atPath: path), let text = String(data: contents, encoding: .utf8) else {
                throw ConfigurationError(variable: name + "_FILE", reason: "cannot read the file it names")
            }
            let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
            // An empty file is a mistake (a Secret without the key), never "no secret": an empty
            // bearer token would then match an empty expected one.
            guard !secret.isEmpty else { throw ConfigurationError(variable: name + "_FILE", reason: "names an empty file") }
            return secret
        }
        return raw(name, isSecret: true)
    }
}

/// A setting that is missing or malformed. The service prints it and exits before starting.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let variable: String
    public let reason: String

    public init(variable: String, reason: String) {
        self.variable = variable
        self.reason = reason
    }

    public var description: String { "configuration error: \(variable) \(reason)" }
}
