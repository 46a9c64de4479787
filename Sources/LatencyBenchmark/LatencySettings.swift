import Foundation

/// The benchmark's settings: the stack's addresses (stack.env) and the load (BENCH_*).
struct LatencySettings: Sendable {
    let intakeURL: String
    let notificationURL: String
    let kafkaBootstrap: String
    let brokerControl: String
    let adminToken: String
    let maildir: String
    let rate: Int
    let seconds: Int
    let probesPerSecond: Int
    /// The stack's consumers' `KAFKA_FETCH_WAIT_MS`, for the benchmark's own watchers too.
    let fetchWait: Duration

    init(environment: [String: String]) throws {
        func value(_ name: String) throws -> String {
            guard let value = environment[name], !value.isEmpty else { throw LatencyError("\(name) is not set: scripts/bench-latency sets it") }
            return value
        }
        intakeURL = try value("INTAKE_URL")
        notificationURL = try value("NOTIFICATION_URL")
        kafkaBootstrap = try value("KAFKA_BOOTSTRAP")
        brokerControl = try value("KAFKA_DEV_CONTROL_URL")
        adminToken = environment["INTAKE_ADMIN_TOKEN"] ?? ""
        maildir = try value("SMTP_MAILDIR")
        rate = Int(environment["BENCH_RATE"] ?? "") ?? 5_000
        seconds = Int(environment["BENCH_SECONDS"] ?? "") ?? 60
        probesPerSecond = Int(environment["BENCH_PROBES_PER_SECOND"] ?? "") ?? 4
        fetchWait = .milliseconds(Int(environment["KAFKA_FETCH_WAIT_MS"] ?? "") ?? 500)
    }
}

struct LatencyError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
