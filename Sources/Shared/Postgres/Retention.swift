import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// Retention (architecture §3): what a service deletes or anonymises once it is older than
/// `RETENTION_YEARS` (default 5), checked every `RETENTION_INTERVAL_SECONDS` (default 3600). Each
/// rule is one statement whose `$1` is the cut-off time; all rules of a run share one transaction.
/// Safe with replicas: the statements are idempotent deletes.
public struct Retention: Sendable {
    public struct Rule: Sendable {
        public var name: String
        /// `DELETE …` or `UPDATE …` of what is older than `$1` (timestamptz).
        public var statement: String

        public init(_ name: String, _ statement: String) {
            self.name = name
            self.statement = statement
        }
    }

    /// Retention that is more than a statement (e.g. erasing a pupil whose enrolment ended, which
    /// tells the other services): runs after the rules, in their transaction; returns the rows it touched.
    public struct Step: Sendable {
        public var name: String
        public var run: @Sendable (_ cutoff: Date, _ connection: PostgresConnection, _ logger: Logger) async throws -> Int

        public init(_ name: String, run: @escaping @Sendable (_ cutoff: Date, _ connection: PostgresConnection, _ logger: Logger) async throws -> Int) {
            self.name = name
            self.run = run
        }
    }

    public var years: Int
    public var interval: Duration
    public var rules: [Rule]
    public var steps: [Step]

    public init(years: Int, interval: Duration, rules: [Rule], steps: [Step] = []) {
        self.years = years
        self.interval = interval
        self.rules = rules
        self.steps = steps
    }

    public init(settings: Settings, rules: [Rule], steps: [Step] = []) throws {
        self.init(years: try settings.int("RETENTION_YEARS", default: 5, range: 1...100),
                  interval: .seconds(try settings.int("RETENTION_INTERVAL_SECONDS", default: 3600, range: 1...86_400)), rules: rules,
                  steps: steps)
    }

    public func cutoff(now: Date) -> Date {
        Calendar(identifier: .gregorian).date(byAdding: .year, value: -years, to: now)!
    }

    /// Applies every rule once; returns the rows each touched.
    @discardableResult
    public func apply(on postgres: PostgresClient, now: Date = Date(), logger: Logger) async throws -> [String: Int] {
        let cutoff = cutoff(now: now)
        return try await postgres.withTransaction(logger: logger) { connection in
            var counts: [String: Int] = [:]
            for rule in rules {
                var binds = PostgresBindings()
                binds.append(cutoff)
                let rows = try await connection.query(
                    PostgresQuery(unsafeSQL: "WITH gone AS (\(rule.statement) RETURNING 1) SELECT count(*)::int FROM gone", binds: binds), logger: logger)
                for try await count in rows.decode(Int.self) { counts[rule.name] = count }
            }
            for step in steps { counts[step.name] = try await step.run(cutoff, connection, logger) }
            return counts
        }
    }
}

/// Runs a service's `Retention` periodically until shutdown.
public struct RetentionJob: Service {
    let retention: Retention
    let postgres: PostgresClient
    let logger: Logger

    public init(retention: Retention, postgres: PostgresClient, logger: Logger) {
        self.retention = retention
        self.postgres = postgres
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let counts = try await retention.apply(on: postgres, logger: logger)
                let total = counts.values.reduce(0, +)
                if total > 0 {
                    logger.info("retention applied", metadata: ["retention.years": "\(retention.years)", "retention.rows": "\(total)",
                                                                 "retention.rules": "\(counts.filter { $0.value > 0 }.keys.sorted().joined(separator: ","))"])
                }
            } catch {
                logger.error("retention failed; trying again", metadata: ["error": "\(LoggableError.describe(error))"])
            }
            // The interval is long (an hour by default): a graceful shutdown must not wait it out.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: retention.interval) }
        }
    }
}
