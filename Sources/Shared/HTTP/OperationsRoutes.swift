import Foundation
import Hummingbird
import Prometheus

/// `/health/live`, `/health/ready` and `/metrics` (architecture §6).
public struct OperationsRoutes: Sendable {
    public typealias Check = @Sendable () async -> Bool

    let checks: [(name: String, check: Check)]
    let registry: PrometheusCollectorRegistry

    /// - Parameter checks: readiness checks by name; all must pass for 200.
    public init(checks: [(name: String, check: Check)], registry: PrometheusCollectorRegistry) {
        self.checks = checks
        self.registry = registry
    }

    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("/health/live") { _, _ in
            Self.json(.ok, ["status": "live"])
        }
        router.get("/health/ready") { _, _ in
            var results: [String: String] = [:]
            await withTaskGroup(of: (String, Bool).self) { group in
                for (name, check) in checks {
                    group.addTask { (name, await withTimeout(.seconds(3)) { await check() } ?? false) }
                }
                for await (name, ok) in group { results[name] = ok ? "ok" : "failing" }
            }
            let ready = results.values.allSatisfy { $0 == "ok" }
            return Self.json(ready ? .ok : .serviceUnavailable, ["status": ready ? "ready" : "not ready", "checks": results])
        }
        router.get("/metrics") { _, _ in
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }

    private static func json(_ status: HTTPResponse.Status, _ object: [String: any Sendable]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
