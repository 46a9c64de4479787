import Logging
import Metrics
import Prometheus
import Synchronization

/// Process-wide logging and metrics set-up: swift-log and swift-metrics can be bootstrapped once
/// per process, so this does it once and hands out the Prometheus registry.
public enum Observability {
    private static let state = Mutex<PrometheusCollectorRegistry?>(nil)

    /// Bootstraps logging (JSON or text) and Prometheus metrics; later calls only return the registry.
    @discardableResult
    public static func bootstrap(service: String, level: Logger.Level, format: ServiceConfiguration.LogFormat) -> PrometheusCollectorRegistry {
        state.withLock { registry in
            if let registry { return registry }
            let created = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: created))
            LoggingSystem.bootstrap { label in
                switch format {
                case .json: return JSONLogHandler(label: label, service: service, level: level)
                case .text:
                    var handler = StreamLogHandler.standardOutput(label: label)
                    handler.logLevel = level
                    return handler
                }
            }
            registry = created
            return created
        }
    }
}
