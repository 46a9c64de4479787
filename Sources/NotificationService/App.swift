import Shared

/// NotificationService: reads its configuration (environment over one-machine defaults) and runs until SIGTERM.
/// A missing or malformed setting is printed and the process exits with EX_CONFIG (78).
/// `NotificationService migrate` applies the migrations and exits (a Job before a rollout).
@main
struct NotificationServiceApp {
    static func main() async throws {
        let configuration = ServiceConfiguration.loadOrExit(service: .notification)
        if MigrateCommand.isRequested() {
            try await MigrateCommand.run(configuration, migrations: NotificationServiceMigrations.all)
            return
        }
        let app = try configuration.buildOrExit(buildApplication)
        try await app.runService()
    }
}
