import Foundation
import PostgresNIO
import TestSupport
import XCTest
@testable import IntakeService
@testable import Shared

/// One row per registration, its slot's current one marked (IntakeServiceMigrations 4), against the
/// test stack's PostgreSQL: the migration keeps each slot's current registration, and a batch that
/// meets another transaction's uncommitted registration (another lane or replica) waits for it
/// and is decided against what that transaction committed.
final class IntakeConcurrentWriteTests: XCTestCase {
    typealias S = IntakeStack

    func testMigration4KeepsTheCurrentRegistrationOfEachSlot() async throws {
        let schema = TestStack.unique("intake_m4")
        try await TestStack.withPostgres(schema: schema) { client in
            try await MigrationRunner(schema: schema, component: "intake", migrations: Array(IntakeServiceMigrations.all.prefix(3))).run(on: client, logger: TestStack.logger)
            let (old, new, other) = (UUID(), UUID(), UUID())
            try await client.query("""
                INSERT INTO \(unescaped: schema).registrations (registration_id, source_system, source_registration_id, pupil_key, school_id, date, period,
                                                                status, day_fraction, recorded_at)
                VALUES (\(old), 's', 'r-old', 'K1', 'skole', '2026-11-20', 'day', 'absent', 1, '2026-11-20T08:00:00Z'),
                       (\(new), 's', 'r-new', 'K1', 'skole', '2026-11-20', 'day', 'present', 1, '2026-11-20T09:00:00Z'),
                       (\(other), 's', 'r-other', 'K1', 'skole', '2026-11-20', '2', 'late', 0.2, '2026-11-20T09:00:00Z')
                """, logger: TestStack.logger)
            try await client.query("""
                INSERT INTO \(unescaped: schema).current_registrations (pupil_key, date, period, registration_id, recorded_at)
                VALUES ('K1', '2026-11-20', 'day', \(new), '2026-11-20T09:00:00Z'), ('K1', '2026-11-20', '2', \(other), '2026-11-20T09:00:00Z')
                """, logger: TestStack.logger)

            try await MigrationRunner(schema: schema, component: "intake", migrations: IntakeServiceMigrations.all).run(on: client, logger: TestStack.logger)
            var noncurrent: [UUID: UUID?] = [:]
            for try await (id, marker) in try await client.query("SELECT registration_id, noncurrent_id FROM \(unescaped: schema).registrations",
                                                                  logger: TestStack.logger).decode((UUID, UUID?).self) {
                noncurrent[id] = marker
            }
            XCTAssertEqual(noncurrent, [old: old, new: nil, other: nil])
            var current: Set<UUID> = []
            for try await id in try await client.query("SELECT registration_id FROM \(unescaped: schema).current_registrations",
                                                        logger: TestStack.logger).decode(UUID.self) {
                current.insert(id)
            }
            XCTAssertEqual(current, [new, other], "the view shows what the table held")
            do {
                try await client.query("""
                    INSERT INTO \(unescaped: schema).registrations (registration_id, source_system, source_registration_id, pupil_key, school_id, date,
                                                                    period, status, day_fraction, recorded_at)
                    VALUES (\(UUID()), 's', 'r-second', 'K1', 'skole', '2026-11-20', 'day', 'absent', 1, now())
                    """, logger: TestStack.logger)
                XCTFail("a second current registration for the slot was taken")
            } catch let error as PSQLError {
                XCTAssertEqual(error.serverInfo?[.sqlState], "23505", "the unique index refuses it")
            }
        }
    }

    /// Another transaction has a current registration for the slot, not yet committed, when a
    /// later one arrives: the later one waits, then replaces it (a correction naming it).
    func testALaterRegistrationWaitsForAnotherTransactionsCurrentOneAndReplacesIt() async throws {
        let race = try await Race.make()
        let (reply, slot) = try await race.meet("r-late", at: "2026-11-20T10:00:00Z", category: "illness", other: "r-other", at: "2026-11-20T09:00:00Z")
        XCTAssertEqual([reply.json["accepted"] as? Int, reply.json["corrections"] as? Int], [1, 1], reply.text)
        XCTAssertEqual(slot.filter { $0.current }.map(\.id), ["r-late"], "one current registration: the later one")
        XCTAssertEqual(Set(slot.map(\.id)), ["r-other", "r-late"])
        let events = try await race.stack.events(.attendanceIngested, schools: [race.school], atLeast: 2)
        let late = try XCTUnwrap(events.compactMap { try? $0.decode(AttendanceIngested.self) }.first { $0.absenceCategory == .illness })
        let replaced = try await race.registrationId("r-other")
        XCTAssertEqual(late.replacesRegistrationId, replaced)
    }

    /// An earlier one meeting it is stored but stale: the other transaction's stays current.
    func testAnEarlierRegistrationMeetingAnotherTransactionsCurrentOneIsStale() async throws {
        let (reply, slot) = try await Race.make().meet("r-early", at: "2026-11-20T08:00:00Z", other: "r-other", at: "2026-11-20T09:00:00Z")
        XCTAssertEqual([reply.json["stale"] as? Int, reply.json["corrections"] as? Int], [1, 0], reply.text)
        XCTAssertEqual(slot.filter { $0.current }.map(\.id), ["r-other"])
        XCTAssertEqual(slot.count, 2)
    }

    /// The same registration stored by another transaction meanwhile is a duplicate, not a second row.
    func testTheSameRegistrationStoredMeanwhileByAnotherTransactionIsADuplicate() async throws {
        let (reply, slot) = try await Race.make().meet("r-same", at: "2026-11-20T09:00:00Z", other: "r-same", at: "2026-11-20T09:00:00Z")
        XCTAssertEqual([reply.json["accepted"] as? Int, reply.json["duplicates"] as? Int], [0, 1], reply.text)
        XCTAssertEqual(slot.map(\.id), ["r-same"])
    }
}

/// A source with one pupil and one registration stored (its pupil key read back), and the means to
/// hold a registration for the pupil's 2026-11-20 slot in an open transaction while a request runs.
private struct Race {
    let stack: IntakeStack
    let key: String
    let school: String
    let pupil: String
    let pupilKey: String

    var sourceSystem: String { IntakeStack.sourceSystem(of: school) }

    static func make() async throws -> Race {
        let stack = try IntakeStack()
        let (key, schools) = try await stack.newSource()
        let pupil = "p-race-\(UUID().uuidString.prefix(8))"
        let seed = try await stack.send("POST", "/v1/registrations", body: stack.json([
            "pupils": [IntakeStack.pupil(pupil, school: schools[0])],
            "registrations": [IntakeStack.registration("r-seed", pupil: pupil, school: schools[0], date: "2026-11-19")],
        ]), key: key)
        XCTAssertEqual(seed.status, 200, seed.text)
        let source = IntakeStack.sourceSystem(of: schools[0])
        let pupilKey = try await TestStack.withPostgres(schema: "intake") { client in
            var found = ""
            for try await key in try await client.query(
                "SELECT pupil_key FROM registrations WHERE source_system = \(source) AND source_registration_id = 'r-seed'",
                logger: TestStack.logger).decode(String.self) { found = key }
            return found
        }
        XCTAssertFalse(pupilKey.isEmpty)
        return Race(stack: stack, key: key, school: schools[0], pupil: pupil, pupilKey: pupilKey)
    }

    /// Sends registration `id` for the slot while another transaction holds `otherId` (see `send`);
    /// the reply (a 200) and the slot's registrations afterwards.
    func meet(_ id: String, at recordedAt: String, category: String = "unauthorized", other otherId: String, at otherRecordedAt: String)
        async throws -> (reply: TestReply, slot: [(id: String, current: Bool)])
    {
        let reply = try await send(IntakeStack.registration(id, pupil: pupil, school: school, category: category, recordedAt: recordedAt),
                                   while: otherTransaction(id: otherId, recordedAt: otherRecordedAt))
        XCTAssertEqual(reply.status, 200, reply.text)
        return (reply, try await slot())
    }

    /// What another Intake transaction writes for the slot: a current registration, absent.
    func otherTransaction(id: String, recordedAt: String) -> String {
        """
        INSERT INTO registrations (registration_id, source_system, source_registration_id, pupil_key, school_id, date, period, status,
                                   absence_category, day_fraction, recorded_at)
        VALUES ('\(UUID().uuidString.lowercased())', '\(sourceSystem)', '\(id)', '\(pupilKey)', '\(school)', '2026-11-20', 'day', 'absent',
                'unauthorized', 1, '\(recordedAt)')
        """
    }

    /// Sends `registration` while `insert` is held uncommitted in another transaction, which commits
    /// once the request waits for it (seen in pg_stat_activity); a request that never waits fails the test.
    func send(_ registration: [String: Any], while insert: String) async throws -> TestReply {
        let body = stack.json([registration])
        return try await TestStack.withPostgres(schema: "intake") { client in
            try await client.withConnection { other in
                try await other.query("BEGIN", logger: TestStack.logger)
                try await other.query(PostgresQuery(unsafeSQL: insert), logger: TestStack.logger)
                let request = Task { try await stack.send("POST", "/v1/registrations", body: body, key: key) }
                var waited = false
                for _ in 0..<100 where !waited {
                    try await Task.sleep(for: .milliseconds(100))
                    for try await count in try await client.query("""
                        SELECT count(*)::int FROM pg_stat_activity
                        WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO registrations%' AND pid <> pg_backend_pid()
                        """, logger: TestStack.logger).decode(Int.self) { waited = count > 0 }
                }
                try await other.query("COMMIT", logger: TestStack.logger)
                XCTAssertTrue(waited, "the request met the other transaction's registration")
                return try await request.value
            }
        }
    }

    /// The slot's registrations: source registration id and whether it is the current one.
    func slot() async throws -> [(id: String, current: Bool)] {
        try await TestStack.withPostgres(schema: "intake") { client in
            var rows: [(id: String, current: Bool)] = []
            for try await (id, current) in try await client.query("""
                SELECT source_registration_id, noncurrent_id IS NULL FROM registrations
                WHERE pupil_key = \(pupilKey) AND date = '2026-11-20' AND period = 'day' ORDER BY recorded_at
                """, logger: TestStack.logger).decode((String, Bool).self) { rows.append((id, current)) }
            return rows
        }
    }

    func registrationId(_ sourceRegistrationId: String) async throws -> String {
        try await TestStack.withPostgres(schema: "intake") { client in
            var found = ""
            for try await id in try await client.query("""
                SELECT registration_id::text FROM registrations WHERE source_system = \(sourceSystem) AND source_registration_id = \(sourceRegistrationId)
                """, logger: TestStack.logger).decode(String.self) { found = id }
            return found
        }
    }
}
