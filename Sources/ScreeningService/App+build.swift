import Hummingbird
import Shared

/// Builds ScreeningService: the shared runtime (database, Kafka, health, metrics), the routes
/// (`buildRouter`), the batch processor of every consumed topic and the retention job.
func buildApplication(_ configuration: ServiceConfiguration) throws -> some ApplicationProtocol {
    let screening = try ScreeningConfiguration(settings: configuration.settings)
    let runtime = try ServiceRuntime(configuration: configuration, migrations: ScreeningServiceMigrations.all)
    // One consumer group and one processor for every topic, erasures included: the erasure is
    // applied by the engine that holds the pupil in memory.
    let consumer = try KafkaConsumer(
        configuration: KafkaConsumerConfiguration(
            kafka: configuration.kafka, groupID: configuration.consumerGroup, topics: ScreeningServiceConsumption.topics.map(\.rawValue)),
        logger: runtime.logger)
    let processor = EventProcessor(
        name: ScreeningBatchHandler.consumerName, consumer: consumer, postgres: runtime.postgres, producer: runtime.producer,
        handler: ScreeningBatchHandler(consumer: consumer, source: configuration.service.eventSource, logger: runtime.logger),
        logger: runtime.logger, maxBatch: screening.batchSize)
    return try runtime.makeApplication(router: buildRouter(runtime, screening), consumption: nil,
                                       extraServices: [consumer, processor, try runtime.retentionJob(rules: ScreeningRetention.rules)])
}

/// The staff API: the policy, a pupil's absence profile, a recompute.
func buildRouter(_ runtime: ServiceRuntime, _ screening: ScreeningConfiguration) -> Router<StaffRequestContext> {
    let router = runtime.makeRouter(context: StaffRequestContext.self)
    let api = runtime.staffAPI(on: router, auth: screening.auth, pupilData: ScreeningPupilData.inventory).group
    let store = ScreeningStore(logger: runtime.logger)
    PolicyController(postgres: runtime.postgres, store: PolicyStore(logger: runtime.logger)).add(to: api)
    PupilProfileController(postgres: runtime.postgres, store: store).add(to: api)
    RecomputeController(postgres: runtime.postgres, recompute: Recompute(store: store, source: runtime.configuration.service.eventSource)).add(to: api)
    return router
}
