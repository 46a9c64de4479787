import Hummingbird
import Shared

/// Builds ScreeningService: shared runtime (database, Kafka, health, metrics) plus the batch
/// processor of the consumed topics and the policy, profile and recompute routes. Tests call this too.
func buildApplication(_ configuration: ServiceConfiguration) throws -> some ApplicationProtocol {
    let screening = try ScreeningConfiguration(settings: configuration.settings)
    let runtime = try ServiceRuntime(configuration: configuration, migrations: ScreeningServiceMigrations.all)
    let logger = runtime.logger
    let store = ScreeningStore(logger: logger)
    let source = configuration.service.eventSource

    let router = runtime.makeRouter(context: StaffRequestContext.self)
    let api = router.group("/v1").add(middleware: StaffAuthMiddleware(verifier: StaffTokenVerifier(configuration: screening.auth, logger: logger)))
    PolicyController(postgres: runtime.postgres, store: PolicyStore(logger: logger)).add(to: api)
    PupilProfileController(postgres: runtime.postgres, store: store).add(to: api)
    AuditRoutes(postgres: runtime.postgres, logger: logger).add(to: api)
    PupilExportRoutes(postgres: runtime.postgres, data: ScreeningPupilData.inventory, logger: logger).add(to: api)
    RecomputeController(postgres: runtime.postgres, recompute: Recompute(store: store, source: source)).add(to: api)

    // One consumer group and one processor for every topic, erasures included: the erasure is
    // applied by the engine that holds the pupil in memory.
    let consumer = try KafkaConsumer(
        configuration: KafkaConsumerConfiguration(
            kafka: configuration.kafka, groupID: configuration.consumerGroup, topics: ScreeningServiceConsumption.topics.map(\.rawValue)),
        logger: logger)
    let processor = EventProcessor(name: ScreeningBatchHandler.consumerName, consumer: consumer, postgres: runtime.postgres, producer: runtime.producer,
                                   handler: ScreeningBatchHandler(consumer: consumer, source: source, logger: logger), logger: logger, maxBatch: screening.batchSize)
    let retention = RetentionJob(
        retention: try Retention(settings: configuration.settings, rules: ScreeningRetention.rules),
        postgres: runtime.postgres, logger: logger)
    return try runtime.makeApplication(router: router, consumption: nil, extraServices: [consumer, processor, retention])
}
