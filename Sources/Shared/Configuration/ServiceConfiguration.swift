import Foundation
import Logging

/// The four services, their default ports and the schema each owns (architecture §1 and §8).
public enum FremmoedeServiceName: String, Sendable, CaseIterable {
    case intake, screening, planning, notification

    public var defaultPort: Int {
        switch self {
        case .planning: 8080
        case .intake: 8081
        case .screening: 8082
        case .notification: 8083
        }
    }

    /// The CloudEvents `source` of the events this service produces.
    public var eventSource: String { "/fremmoede/\(rawValue)" }
}

/// What every service reads at start: HTTP, PostgreSQL, Kafka and logging settings.
public struct ServiceConfiguration: Sendable {
    public enum LogFormat: String, Sendable, CaseIterable { case json, text }

    public var service: FremmoedeServiceName
    public var httpHost: String
    public var httpPort: Int
    /// `/health/*` and `/metrics` are served here, apart from the API and the web app, so that
    /// only the cluster's probes and monitoring reach them (`OPERATIONS_HOST`, `OPERATIONS_PORT`;
    /// default the HTTP host and the HTTP port + 1000).
    public var operationsHost: String
    public var operationsPort: Int
    public var database: DatabaseConfiguration
    public var kafka: KafkaConfiguration
    public var consumerGroup: String
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    public var settings: Settings

    public init(service: FremmoedeServiceName, settings: Settings = Settings()) throws {
        self.service = service
        self.settings = settings
        httpHost = settings.string("HTTP_HOST", default: "127.0.0.1")
        httpPort = try settings.int("HTTP_PORT", default: service.defaultPort, range: 1...65535)
        operationsHost = settings.string("OPERATIONS_HOST", default: httpHost)
        operationsPort = try settings.int("OPERATIONS_PORT", default: min(httpPort + 1000, 65535), range: 1...65535)
        guard operationsPort != httpPort else {
            throw ConfigurationError(variable: "OPERATIONS_PORT", reason: "must differ from HTTP_PORT (\(httpPort))")
        }

        let databaseURL = settings.string("DATABASE_URL", default: "postgres://fremmoede@127.0.0.1:54329/fremmoede")
        let schema = settings.string("DATABASE_SCHEMA", default: service.rawValue)
        do {
            var database = try DatabaseConfiguration(
                url: databaseURL, schema: schema,
                maxConnections: try settings.int("DATABASE_MAX_CONNECTIONS", default: 10, range: 1...500))
            if let password = try settings.secret("DATABASE_PASSWORD") { database.password = password }
            self.database = database
        } catch let error as DatabaseConfigurationError {
            throw ConfigurationError(variable: "DATABASE_URL", reason: "is malformed: \(error.description)")
        }

        let security = KafkaSecurity(
            securityProtocol: try settings.choice("KAFKA_SECURITY_PROTOCOL", default: KafkaSecurity.SecurityProtocol.plaintext),
            saslMechanism: settings.optionalString("KAFKA_SASL_MECHANISM"),
            saslUsername: settings.optionalString("KAFKA_SASL_USERNAME"),
            saslPassword: try settings.secret("KAFKA_SASL_PASSWORD"),
            caLocation: settings.optionalString("KAFKA_SSL_CA_LOCATION"),
            certificateLocation: settings.optionalString("KAFKA_SSL_CERTIFICATE_LOCATION"),
            keyLocation: settings.optionalString("KAFKA_SSL_KEY_LOCATION"))
        let bootstrap = settings.string("KAFKA_BOOTSTRAP", default: "127.0.0.1:9092")
        guard bootstrap.split(separator: ",").allSatisfy({ $0.contains(":") }) else {
            throw ConfigurationError(variable: "KAFKA_BOOTSTRAP", reason: "expected host:port[,host:port…], got '\(bootstrap)'")
        }
        kafka = KafkaConfiguration(
            bootstrapServers: bootstrap,
            clientID: "fremmoede-\(service.rawValue)-\(ProcessInfo.processInfo.hostName)",
            security: security,
            statisticsInterval: .milliseconds(try settings.int("KAFKA_STATISTICS_INTERVAL_MS", default: 15000, range: 0...3_600_000)),
            fetchWait: .milliseconds(try settings.int("KAFKA_FETCH_WAIT_MS", default: 500, range: 1...60_000)))
        consumerGroup = settings.string("KAFKA_CONSUMER_GROUP", default: "fremmoede-\(service.rawValue)")

        let level = settings.string("LOG_LEVEL", default: "info")
        guard let parsedLevel = Logger.Level(rawValue: level.lowercased()) else {
            throw ConfigurationError(variable: "LOG_LEVEL", reason: "expected one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")), got '\(level)'")
        }
        logLevel = parsedLevel
        logFormat = try settings.choice("LOG_FORMAT", default: LogFormat.json)
    }

    /// Reads the configuration or prints what is wrong and exits with EX_CONFIG (78).
    public static func loadOrExit(service: FremmoedeServiceName) -> ServiceConfiguration {
        do {
            return try ServiceConfiguration(service: service)
        } catch {
            exitForConfiguration(error, service: service)
        }
    }

    /// Builds the service; a setting of its own that is missing or malformed (a `ConfigurationError`
    /// thrown while building) exits with EX_CONFIG (78) like a shared one, other errors are thrown.
    public func buildOrExit<Built>(_ build: (ServiceConfiguration) throws -> Built) throws -> Built {
        do {
            return try build(self)
        } catch let error as ConfigurationError {
            Self.exitForConfiguration(error, service: service)
        }
    }

    private static func exitForConfiguration(_ error: any Error, service: FremmoedeServiceName) -> Never {
        FileHandle.standardError.write(Data("fremmoede-\(service.rawValue): \(error)\n".utf8))
        exit(78)
    }
}
