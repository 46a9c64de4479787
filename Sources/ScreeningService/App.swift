import Foundation
import Shared

/// ScreeningService: reads its configuration (environment over one-machine defaults) and runs until
/// SIGTERM. `ScreeningService benchmark` runs the benchmark instead (scripts/bench-screening).
@main
struct ScreeningServiceApp {
    static func main() async throws {
        if CommandLine.arguments.dropFirst().first == "benchmark" {
            try await ScreeningBenchmark.run(environment: ProcessInfo.processInfo.environment)
            return
        }
        let configuration = ServiceConfiguration.loadOrExit(service: .screening)
        let app = try buildApplication(configuration)
        try await app.runService()
    }
}
