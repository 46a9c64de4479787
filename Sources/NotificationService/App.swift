import Shared

/// NotificationService: reads its configuration (environment over one-machine defaults) and runs until SIGTERM.
@main
struct NotificationServiceApp {
    static func main() async throws {
        let configuration = ServiceConfiguration.loadOrExit(service: .notification)
        let app = try buildApplication(configuration)
        try await app.runService()
    }
}
