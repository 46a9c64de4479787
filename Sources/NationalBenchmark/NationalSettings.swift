import Foundation

/// What the national-day benchmark is told: the stack's addresses (scripts/bench-national sources
/// the bench stack's stack.env) and the size of the day.
struct NationalSettings {
    var intakeURL: String
    var intakeOperationsURL: String
    var screeningOperationsURL: String
    var adminToken: String
    var kafkaBootstrap: String
    var brokerControl: String
    var databaseURL: String
    var screeningSchema: String
    var pupils: Int
    var seed: UInt64
    /// At most this many registrations sent and not yet consumed by Screening: the development
    /// broker keeps only a few MB per partition, so the day goes out as fast as the pipeline takes it.
    var window: Int

    init(_ environment: [String: String]) throws {
        func required(_ name: String) throws -> String {
            guard let value = environment[name], !value.isEmpty else { throw NationalBenchmarkError("\(name) must be set (scripts/bench-national sets it)") }
            return value
        }
        intakeURL = try required("INTAKE_URL")
        intakeOperationsURL = try required("INTAKE_OPERATIONS_URL")
        screeningOperationsURL = try required("SCREENING_OPERATIONS_URL")
        adminToken = try required("INTAKE_ADMIN_TOKEN")
        kafkaBootstrap = try required("KAFKA_BOOTSTRAP")
        brokerControl = try required("KAFKA_DEV_CONTROL_URL")
        databaseURL = try required("DATABASE_URL")
        screeningSchema = environment["SCREENING_SCHEMA"] ?? "screening"
        pupils = Int(environment["BENCH_PUPILS"] ?? "") ?? 700_000
        seed = UInt64(environment["BENCH_SEED"] ?? "") ?? 2026
        window = Int(environment["BENCH_WINDOW"] ?? "") ?? 40_000
        guard pupils > 0, window >= 10_000 else { throw NationalBenchmarkError("BENCH_PUPILS must be positive and BENCH_WINDOW at least 10000") }
    }
}

struct NationalBenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
