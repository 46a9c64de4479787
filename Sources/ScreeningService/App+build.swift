import Hummingbird
import Shared

/// Builds ScreeningService: shared runtime (database, Kafka, health, metrics) plus this service's own
/// migrations, routes and event handlers. Tests call this too.
func buildApplication(_ configuration: ServiceConfiguration) throws -> some ApplicationProtocol {
    let runtime = try ServiceRuntime(configuration: configuration, migrations: ScreeningServiceMigrations.all)
    let router = runtime.makeRouter()
    return try runtime.makeApplication(router: router, consumption: ScreeningServiceConsumption.make())
}
