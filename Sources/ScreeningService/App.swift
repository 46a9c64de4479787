import Foundation
import Shared

/// ScreeningService: reads its configuration (environment over one-machine defaults) and runs until
/// SIGTERM; a missing or malformed setting exits with EX_CONFIG (78). `ScreeningService benchmark`
/// runs the benchmark instead (scripts/bench-screening).
@main
struct ScreeningServiceApp {
    static func main() async throws {
        if CommandLine.arguments.dropFirst().first == "benchmark" {
            try await ScreeningBenchmark.run(environment: ProcessInfo.processInfo.environment)
            return
        }
        let configuration = ServiceConfiguration.loadOrExit(service: .screening)
        let app = try configuration.buildOrExit(buildApplication)
        try await app.runService()
    }
}
