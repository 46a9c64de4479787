import Foundation
import NIOSSL
import PostgresNIO

/// Where a service's database is: a `postgres://user:password@host:port/database` URL and the
/// schema the service owns (database-per-service on a cluster; schema-per-service on one machine).
public struct DatabaseConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var schema: String
    public var tls: TLSMode
    /// `sslrootcert`: the CA bundle (PEM) the server's certificate must chain to; nil: the system's.
    public var rootCertificatePath: String?
    public var maxConnections: Int

    public enum TLSMode: String, Sendable, CaseIterable {
        case disable, prefer, require
    }

    public init(host: String, port: Int, username: String, password: String?, database: String, schema: String,
                tls: TLSMode = .disable, maxConnections: Int = 10) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.schema = schema
        self.tls = tls
        self.maxConnections = maxConnections
    }

    /// Parses a libpq-style URL; `sslmode` in the query selects TLS, `sslrootcert` the CA file. Throws a reason, not the URL
    /// (it may hold a password).
    public init(url: String, schema: String, maxConnections: Int = 10) throws {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, !host.isEmpty else {
            throw DatabaseConfigurationError("expected postgres://user[:password]@host[:port]/database")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw DatabaseConfigurationError("the URL names no database") }
        guard SQLIdentifier.isValid(schema) else { throw DatabaseConfigurationError("schema \(schema) is not a plain lower-case identifier") }
        let sslmode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        let tls: TLSMode
        switch sslmode {
        case "disable", "allow": tls = .disable
        case "prefer": tls = .prefer
        case "require", "verify-ca", "verify-full": tls = .require
        default: throw DatabaseConfigurationError("sslmode \(sslmode) is not one of disable, prefer, require, verify-ca, verify-full")
        }
        self.init(host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
                  password: components.password, database: database, schema: schema, tls: tls, maxConnections: maxConnections)
        rootCertificatePath = components.queryItems?.first { $0.name == "sslrootcert" }?.value
        if let path = rootCertificatePath, !FileManager.default.isReadableFile(atPath: path) {
            throw DatabaseConfigurationError("sslrootcert \(path) cannot be read")
        }
    }

    /// The client configuration; every connection starts with `search_path` set to the schema and its audit
    /// schema (`<schema>_audit`, owned by `fremmoede_audit`: see `PlatformMigrations` v4).
    public func clientConfiguration() throws -> PostgresClient.Configuration {
        // Certificates are always verified (chain and host name), also for sslmode=require.
        var verified = TLSConfiguration.makeClientConfiguration()
        if let rootCertificatePath { verified.trustRoots = .file(rootCertificatePath) }
        let tlsConfiguration: PostgresClient.Configuration.TLS
        switch tls {
        case .disable: tlsConfiguration = .disable
        case .prefer: tlsConfiguration = .prefer(verified)
        case .require: tlsConfiguration = .require(verified)
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tlsConfiguration)
        configuration.options.maximumConnections = maxConnections
        configuration.options.additionalStartupParameters = [("search_path", "\(schema),\(schema)_audit"), ("application_name", "fremmoede-\(schema)")]
        return configuration
    }
}

public struct DatabaseConfigurationError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Identifiers we interpolate into SQL ourselves (schema names) must be plain.
public enum SQLIdentifier {
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.count <= 63 else { return false }
        return ("a"..."z").contains(first) || first == "_"
            ? name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            : false
    }
}
