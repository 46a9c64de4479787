import Foundation
import Shared

/// ScreeningService: reads its configuration (environment over one-machine defaults) and runs until
/// SIGTERM; a missing or malformed setting exits with EX_CONFIG (78). `ScreeningService migrate`
/// applies the migrations and exits (a Job before a rollout); `ScreeningService benchmark` runs the
/// benchmark instead (scripts/bench-screening).
@main
struct ScreeningServiceApp {
    static func main() async throws {
        if CommandLine.arguments.dropFirst().first == "benchmark" {
            try await ScreeningBenchmark.run(environment: ProcessInfo.processInfo.environment)
            return
        }
        let configuration = ServiceConfiguration.loadOrExit(service: .screening)
        if MigrateCommand.isRequested() {
            try await MigrateCommand.run(configuration, migrations: ScreeningServiceMigrations.all)
            return
        }
        let app = try configuration.buildOrExit(buildApplication)
        try await app.runService()
    }
}
