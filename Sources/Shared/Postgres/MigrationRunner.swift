import Logging
import PostgresNIO

/// Applies a service's migrations at start-up: first the platform's (outbox, inbox), then the
/// service's own, each once, in order, under a PostgreSQL advisory lock so that replicas starting
/// together do not race. A migration whose text changed after it was applied stops the start.
public struct MigrationRunner: Sendable {
    public let schema: String
    public let component: String
    public let migrations: [Migration]

    public init(schema: String, component: String, migrations: [Migration]) {
        precondition(SQLIdentifier.isValid(schema), "schema must be a plain identifier")
        self.schema = schema
        self.component = component
        self.migrations = migrations
    }

    /// Returns the versions (platform and service) applied by this call.
    @discardableResult
    public func run(on client: PostgresClient, logger: Logger) async throws -> [String] {
        try await client.withConnection { connection in
            // Session-level lock: held across the per-migration transactions below.
            try await connection.query("SELECT pg_advisory_lock(hashtext(\("fremmoede.migrations." + schema)))", logger: logger)
            do {
                let applied = try await apply(on: connection, logger: logger)
                try await connection.query("SELECT pg_advisory_unlock(hashtext(\("fremmoede.migrations." + schema)))", logger: logger)
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(hashtext(\("fremmoede.migrations." + schema)))", logger: logger)
                throw error
            }
        }
    }

    private func apply(on connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: schema)", logger: logger)
        try await connection.query("""
            CREATE TABLE IF NOT EXISTS \(unescaped: schema).schema_migrations (
                component text NOT NULL,
                version integer NOT NULL,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (component, version)
            )
            """, logger: logger)

        var appliedNow: [String] = []
        for (component, list) in [("platform", PlatformMigrations.all), (self.component, migrations)] {
            let rows = try await connection.query(
                "SELECT version, checksum FROM \(unescaped: schema).schema_migrations WHERE component = \(component)", logger: logger)
            var applied: [Int: String] = [:]
            for try await (version, checksum) in rows.decode((Int, String).self) { applied[version] = checksum }

            for migration in list.sorted(by: { $0.version < $1.version }) {
                if let checksum = applied[migration.version] {
                    guard checksum == migration.checksum else {
                        throw MigrationError(description: "\(component) migration \(migration.version) (\(migration.name)) was changed after it was applied; add a new migration instead")
                    }
                    continue
                }
                try await connection.query("BEGIN", logger: logger)
                do {
                    try await connection.query("SET LOCAL search_path TO \(unescaped: schema)", logger: logger)
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query("""
                        INSERT INTO \(unescaped: schema).schema_migrations (component, version, name, checksum)
                        VALUES (\(component), \(migration.version), \(migration.name), \(migration.checksum))
                        """, logger: logger)
                    try await connection.query("COMMIT", logger: logger)
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw MigrationError(description: "\(component) migration \(migration.version) (\(migration.name)) failed: \(LoggableError.describe(error))")
                }
                logger.info("migration applied", metadata: ["db.schema": "\(schema)", "migration": "\(component)/\(migration.version) \(migration.name)"])
                appliedNow.append("\(component)/\(migration.version)")
            }
        }
        return appliedNow
    }
}

public struct MigrationError: Error, CustomStringConvertible {
    public let description: String
}
