import Shared

/// IntakeService: reads its configuration (environment over one-machine defaults) and runs until SIGTERM.
@main
struct IntakeServiceApp {
    static func main() async throws {
        let configuration = ServiceConfiguration.loadOrExit(service: .intake)
        let app = try buildApplication(configuration)
        try await app.runService()
    }
}
