import Foundation
import Logging
import PostgresNIO
import Shared

/// Recompute of one school or the whole municipality from stored aggregates: under the exclusive
/// lock (no batch runs meanwhile), every pupil is evaluated again with the policy in force as of
/// its school's current day; the processors reload their state afterwards (`control.epoch`).
struct Recompute: Sendable {
    let store: ScreeningStore
    let source: String

    struct Result: Codable, Sendable, Equatable {
        var pupils: Int
        var raised: Int
        var resolved: Int
        var policyVersion: Int
    }

    func run(schoolId: String?, on connection: PostgresConnection) async throws -> Result {
        _ = try await store.lockAndReadControl(on: connection, exclusive: true)
        let policy = try await PolicyStore(logger: store.logger).current(on: connection)
        var engine = ScreeningEngine(policy: policy.policy, policyVersion: policy.version)
        let calendars = try await store.calendars(on: connection)
        engine.calendars = calendars
        var today: [String: Int] = [:]
        for (key, day) in try await store.watermarks(partitions: nil, on: connection) { today[key.schoolId] = max(today[key.schoolId] ?? day, day) }
        let horizon = engine.horizon
        let records = try await store.pupils(schoolId: schoolId, loadFrom: { school, _, enrolledTo in
            horizon.loadFrom(today: today[school], enrolledTo: enrolledTo, calendar: calendars[school] ?? SchoolCalendarIndex(days: []))
        }, on: connection)
        engine.load(records)
        let output = engine.reevaluate(records.map(\.absence.pupilKey), asOf: { today[$0] })
        try await store.save(output, engine: engine, source: source, on: connection)
        try await store.bumpEpoch(on: connection)
        return Result(pupils: records.count, raised: output.raised.count, resolved: output.resolved.count, policyVersion: policy.version)
    }
}
