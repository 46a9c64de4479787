import Foundation
import Logging
import PostgresNIO

/// `<Service> migrate`: applies the service's migrations (the platform's, then its own) and exits,
/// so that a cluster can run them as a Job before a rollout and new replicas start against the
/// schema they expect. Serving runs the same migrations at start; this is for doing it first.
public enum MigrateCommand {
    public static func isRequested(_ arguments: [String] = CommandLine.arguments) -> Bool {
        arguments.dropFirst().first == "migrate"
    }

    /// Prints one line per migration applied (none when the schema is up to date).
    public static func run(_ configuration: ServiceConfiguration, migrations: [Migration]) async throws {
        _ = Observability.bootstrap(service: "fremmoede-\(configuration.service.rawValue)", level: configuration.logLevel, format: configuration.logFormat)
        var logger = Logger(label: "fremmoede-\(configuration.service.rawValue)-migrate")
        logger.logLevel = configuration.logLevel
        let postgres = PostgresClient(configuration: try configuration.database.clientConfiguration(), backgroundLogger: logger)
        let runner = MigrationRunner(schema: configuration.database.schema, component: configuration.service.rawValue, migrations: migrations)
        let applied = try await withThrowingTaskGroup(of: [String]?.self) { group in
            group.addTask {
                await postgres.run()
                return nil
            }
            defer { group.cancelAll() }
            return try await runner.run(on: postgres, logger: logger)
        }
        for version in applied { print("applied \(version)") }
        print("\(configuration.service.rawValue): schema \(configuration.database.schema) is up to date (\(applied.count) migrations applied now)")
    }
}
