import Foundation
import PostgresNIO
import TestSupport
import XCTest
@testable import Shared

/// Migrations against the real PostgreSQL: applied once, idempotent, race-free, tamper-evident.
final class MigrationRunnerTests: XCTestCase {
    static let migrations = [
        Migration(version: 1, name: "pupils", statements: [
            "CREATE TABLE pupils (pupil_key text PRIMARY KEY, school_id text NOT NULL)",
            "CREATE INDEX pupils_school ON pupils (school_id)",
        ]),
        Migration(version: 2, name: "pupil grade", statements: ["ALTER TABLE pupils ADD COLUMN grade integer"]),
    ]

    func testMigrationsAppliedTwiceChangeNothingTheSecondTime() async throws {
        let schema = TestStack.unique("mig_twice")
        try await TestStack.withPostgres(schema: schema) { client in
            let runner = MigrationRunner(schema: schema, component: "test", migrations: Self.migrations)
            let first = try await runner.run(on: client, logger: TestStack.logger)
            XCTAssertEqual(first, ["platform/1", "platform/2", "platform/3", "platform/4", "platform/5", "platform/6", "test/1", "test/2"])
            let second = try await runner.run(on: client, logger: TestStack.logger)
            XCTAssertEqual(second, [])
            let rows = try await client.query("SELECT count(*)::int FROM schema_migrations", logger: TestStack.logger)
            var count = 0
            for try await (value) in rows.decode(Int.self) { count = value }
            XCTAssertEqual(count, 8, "six platform migrations and the two of the test")
            // The migrated table is usable through the client's search_path.
            try await client.query("INSERT INTO pupils (pupil_key, school_id, grade) VALUES ('K', 'S', 5)", logger: TestStack.logger)
        }
    }

    func testTwoInstancesStartingAtOnceDoNotRace() async throws {
        let schema = TestStack.unique("mig_race")
        let results = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<3 {
                group.addTask {
                    try await TestStack.withPostgres(schema: schema) { client in
                        try await MigrationRunner(schema: schema, component: "test", migrations: Self.migrations).run(on: client, logger: TestStack.logger)
                    }
                }
            }
            var all: [[String]] = []
            for try await result in group { all.append(result) }
            return all
        }
        XCTAssertEqual(results.flatMap { $0 }.sorted(), ["platform/1", "platform/2", "platform/3", "platform/4", "platform/5", "platform/6", "test/1", "test/2"], "each migration applied by exactly one instance")
        XCTAssertEqual(results.filter(\.isEmpty).count, 2)
    }

    func testAMigrationChangedAfterItWasAppliedStopsTheStart() async throws {
        let schema = TestStack.unique("mig_changed")
        try await TestStack.withPostgres(schema: schema) { client in
            try await MigrationRunner(schema: schema, component: "test", migrations: Self.migrations).run(on: client, logger: TestStack.logger)
            var changed = Self.migrations
            changed[1] = Migration(version: 2, name: "pupil grade", statements: ["ALTER TABLE pupils ADD COLUMN grade smallint"])
            do {
                try await MigrationRunner(schema: schema, component: "test", migrations: changed).run(on: client, logger: TestStack.logger)
                XCTFail("a changed migration must not be accepted")
            } catch let error as MigrationError {
                XCTAssertTrue(error.description.contains("migration 2"), error.description)
            }
        }
    }

    func testAFailingMigrationLeavesNothingHalfApplied() async throws {
        let schema = TestStack.unique("mig_fail")
        try await TestStack.withPostgres(schema: schema) { client in
            let broken = [Migration(version: 1, name: "broken", statements: ["CREATE TABLE half (id int)", "CREATE TABLE half (id int)"])]
            do {
                try await MigrationRunner(schema: schema, component: "test", migrations: broken).run(on: client, logger: TestStack.logger)
                XCTFail("the duplicate table must fail")
            } catch is MigrationError {}
            let rows = try await client.query("SELECT count(*)::int FROM pg_tables WHERE schemaname = \(schema) AND tablename = 'half'", logger: TestStack.logger)
            var count = -1
            for try await (value) in rows.decode(Int.self) { count = value }
            XCTAssertEqual(count, 0, "the migration's transaction was rolled back")
        }
    }

    /// `<Service> migrate` applies the service's migrations and exits, for a Job before a rollout;
    /// run again it has nothing to do.
    func testEachServiceMigratesAloneAndThenHasNothingToDo() throws {
        for service in ["IntakeService", "ScreeningService", "PlanningService", "NotificationService"] {
            let binary = TestStack.repositoryRoot.appendingPathComponent(".build/debug/\(service)").path
            var environment = ProcessInfo.processInfo.environment
            environment["DATABASE_URL"] = try TestStack.databaseURL
            environment["DATABASE_SCHEMA"] = TestStack.unique("migrate")
            environment["KAFKA_BOOTSTRAP"] = "127.0.0.1:1"  // not needed: migrating touches only PostgreSQL
            let first = try TestStack.run(binary, ["migrate"], environment: environment)
            XCTAssertEqual(first.status, 0, "\(service): \(first.stderr)")
            XCTAssertTrue(first.stdout.split(separator: "\n").contains { $0.hasPrefix("applied platform/") },
                          "\(service) applied the platform migrations: \(first.stdout)")
            XCTAssertTrue(first.stdout.contains("is up to date"), first.stdout)
            let second = try TestStack.run(binary, ["migrate"], environment: environment)
            XCTAssertEqual(second.status, 0, "\(service): \(second.stderr)")
            XCTAssertFalse(second.stdout.split(separator: "\n").contains { $0.hasPrefix("applied ") },
                           "\(service) has nothing to apply the second time: \(second.stdout)")
            XCTAssertTrue(second.stdout.contains("(0 migrations applied now)"), second.stdout)
        }
    }
}
