import Foundation
import Shared

/// ScreeningService: reads its configuration (environment over one-machine defaults) and runs until
/// SIGTERM; a missing or malformed setting exits with EX_CONFIG (78). `ScreeningService migrate`
/// applies the migrations and exits (a Job before a rollout).
@main
struct ScreeningServiceApp {
    static func main() async throws {
        let configuration = ServiceConfiguration.loadOrExit(service: .screening)
        if MigrateCommand.isRequested() {
            try await MigrateCommand.run(configuration, migrations: ScreeningServiceMigrations.all)
            return
        }
        let app = try configuration.buildOrExit(buildApplication)
        try await app.runService()
    }
}
