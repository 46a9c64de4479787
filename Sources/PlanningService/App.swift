import Shared

/// PlanningService: reads its configuration (environment over one-machine defaults) and runs until SIGTERM.
@main
struct PlanningServiceApp {
    static func main() async throws {
        let configuration = ServiceConfiguration.loadOrExit(service: .planning)
        let app = try buildApplication(configuration)
        try await app.runService()
    }
}
