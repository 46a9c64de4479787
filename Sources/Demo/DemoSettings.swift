import Foundation
import Shared
import MunicipalityGenerator

/// What the demo is told: the options of the generated municipality and the pace, from flags or
/// `DEMO_*` variables.
struct DemoSettings {
    let municipality: MunicipalityOptions
    let secondsPerDay: Double
    /// The days up to yesterday at bulk speed first (DEMO_BULK, default 1).
    let bulk: Bool
    let sourceSystem: String
    let output: String?

    init(arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        var flags: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--"), index + 1 < arguments.count else { throw DemoError("unexpected argument '\(argument)'") }
            flags[String(argument.dropFirst(2))] = arguments[index + 1]
            index += 2
        }
        func setting(_ flag: String, _ variable: String) -> String? { flags[flag] ?? environment[variable] }
        func number<T: LosslessStringConvertible>(_ flag: String, _ variable: String, _ fallback: T) throws -> T {
            guard let text = setting(flag, variable) else { return fallback }
            guard let value = T(text) else { throw DemoError("--\(flag) (\(variable)) must be a number, got '\(text)'") }
            return value
        }
        output = flags["out"]
        sourceSystem = setting("source-system", "DEMO_SOURCE_SYSTEM") ?? "demo-skolesystem"
        let today = SchoolDate(Date())
        let defaultStart = today.month >= 8 ? today.year : today.year - 1
        municipality = MunicipalityOptions(
            schools: try number("schools", "DEMO_SCHOOL_COUNT", 20), pupils: try number("pupils", "DEMO_PUPILS", 8_000),
            schoolYearStart: try number("school-year", "DEMO_SCHOOL_YEAR", defaultStart), seed: try number("seed", "DEMO_SEED", 2026))
        secondsPerDay = try number("seconds-per-day", "DEMO_SECONDS_PER_DAY", 3.0)
        bulk = try number("bulk", "DEMO_BULK", 1) != 0
        guard municipality.schools >= 1, municipality.schools <= 99 else { throw DemoError("--schools must be 1–99") }
        guard municipality.pupils >= municipality.schools else { throw DemoError("--pupils must be at least the number of schools") }
        guard secondsPerDay >= 0 else { throw DemoError("--seconds-per-day must not be negative") }
    }
}

/// Where the running stack is, from `.run/stack.env` (scripts/run exports it).
struct StackAddresses {
    let intakeURL: String
    let notificationURL: String
    let planningURL: String
    let kafkaBootstrap: String
    let sourceKey: String
    let maildir: String
    let runDirectory: String
    /// The development IdP's users (scripts/run: the named demo users and the generated staff).
    let staffFile: String?

    init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func required(_ variable: String) throws -> String {
            guard let value = environment[variable], !value.isEmpty else {
                throw DemoError("\(variable) is not set: run the demo through scripts/run, or source .run/stack.env")
            }
            return value
        }
        intakeURL = try required("INTAKE_URL")
        notificationURL = try required("NOTIFICATION_URL")
        planningURL = try required("PLANNING_URL")
        kafkaBootstrap = try required("KAFKA_BOOTSTRAP")
        sourceKey = try required("DEMO_SOURCE_API_KEY")
        maildir = environment["SMTP_MAILDIR"] ?? ".run/maildir"
        runDirectory = environment["RUN_DIR"] ?? ".run"
        staffFile = environment["DEMO_STAFF_FILE"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Writes a line to standard output at once (print buffers when the output is a pipe or a file,
/// and Ctrl-C would lose what is buffered).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
