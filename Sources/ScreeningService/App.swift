import Shared

/// ScreeningService: reads its configuration (environment over one-machine defaults) and runs until SIGTERM.
@main
struct ScreeningServiceApp {
    static func main() async throws {
        let configuration = ServiceConfiguration.loadOrExit(service: .screening)
        let app = try buildApplication(configuration)
        try await app.runService()
    }
}
