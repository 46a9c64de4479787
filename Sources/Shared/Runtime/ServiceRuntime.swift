import Hummingbird
import Logging
import PostgresNIO
import Prometheus
import ServiceLifecycle

/// What every service is made of: configuration, logging and metrics, the PostgreSQL pool and
/// its migrations, the Kafka producer with the outbox relay, the consumer with its event
/// processor, the HTTP server, and health and metrics on a port of their own. Each service's `buildApplication`
/// adds its own routes, handlers and migrations.
///
/// Services start together; the relay and processor wait until migrations are applied. On
/// SIGTERM the HTTP server stops first, then the processor finishes its batch, the consumer
/// commits and leaves its group, the relay stops, the producer flushes, and the pool closes last.
public struct ServiceRuntime: Sendable {
    public let configuration: ServiceConfiguration
    public let logger: Logger
    public let postgres: PostgresClient
    public let producer: KafkaProducer
    public let metrics: PrometheusCollectorRegistry
    public let startup = StartupGate()
    public let migrations: MigrationRunner

    public init(configuration: ServiceConfiguration, migrations: [Migration]) throws {
        self.configuration = configuration
        let service = "fremmoede-\(configuration.service.rawValue)"
        self.metrics = Observability.bootstrap(service: service, level: configuration.logLevel, format: configuration.logFormat)
        var logger = Logger(label: service)
        logger.logLevel = configuration.logLevel
        self.logger = logger
        self.postgres = PostgresClient(configuration: try configuration.database.clientConfiguration(), backgroundLogger: logger)
        self.producer = try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: configuration.kafka), logger: logger)
        self.migrations = MigrationRunner(schema: configuration.database.schema, component: configuration.service.rawValue, migrations: migrations)
    }

    /// A router with trace propagation, request metrics and problem+json errors.
    public func makeRouter<Context: RequestContext>(context: Context.Type = BasicRequestContext.self) -> Router<Context> {
        let router = Router(context: Context.self)
        router.middlewares.add(TraceContextMiddleware())
        router.middlewares.add(MetricsMiddleware())
        router.middlewares.add(ProblemMiddleware())
        return router
    }

    /// `/health/live`, `/health/ready` and `/metrics` on the operations port: up from the start
    /// (live while migrations run, ready once they are applied and PostgreSQL and Kafka answer).
    func makeOperationsServer() -> some Service {
        let router = Router()
        let postgres = self.postgres
        let producer = self.producer
        let startup = self.startup
        let logger = self.logger
        OperationsRoutes(checks: [
            ("migrations", { startup.isOpen }),
            ("database", {
                do {
                    try await postgres.query("SELECT 1", logger: logger)
                    return true
                } catch {
                    return false
                }
            }),
            ("kafka", { await producer.isBrokerReachable() }),
        ], registry: metrics).add(to: router)
        return Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.operationsHost, port: configuration.operationsPort),
                serverName: "fremmoede-\(configuration.service.rawValue)-operations"),
            logger: logger)
    }

    /// The topics a service consumes and the handler of each.
    public struct Consumption: Sendable {
        public var handlers: [FremmoedeTopic: any EventHandler]
        /// The consumer group; nil: the service's (`KAFKA_CONSUMER_GROUP`).
        public var group: String?
        public init(handlers: [FremmoedeTopic: any EventHandler], group: String? = nil) {
            self.handlers = handlers
            self.group = group
        }
    }

    /// A consumer of `topics` and the `EventProcessor` that applies their batches through
    /// `handler`, for `makeApplication`'s extra services (which start once migrations are applied).
    /// The processor's name (inbox, dead letters) is the group's unless given. `topicRefresh`: how
    /// soon a topic created later shows in a pattern subscription (the sources' raw feeds).
    public func consumption(topics: [FremmoedeTopic], handler: any BatchHandler, name: String? = nil, group: String? = nil,
                            maxBatch: Int = 500, lanes: Int = 1, topicRefresh: Duration? = nil) throws -> [any Service] {
        let group = group ?? configuration.consumerGroup
        var settings = KafkaConsumerConfiguration(kafka: configuration.kafka, groupID: group, topics: topics.map(\.subscription).sorted())
        settings.topicMetadataRefresh = topicRefresh
        let consumer = try KafkaConsumer(configuration: settings, logger: logger)
        let processor = EventProcessor(name: name ?? group, consumer: consumer, postgres: postgres, producer: producer, handler: handler,
                                       logger: logger, maxBatch: maxBatch, lanes: lanes)
        return [consumer, processor]
    }

    /// The application: HTTP server plus every long-running part as a service. Extra services
    /// (a service's own consumers) start once migrations are applied.
    public func makeApplication<Context: RequestContext>(router: Router<Context>, consumption: Consumption?, extraServices: [any Service] = []) throws -> some ApplicationProtocol
    where Context.Source == ApplicationRequestContextSource {
        var services: [any Service] = [
            postgres, producer, makeOperationsServer(),
            GatedService(gate: startup, service: OutboxRelay(postgres: postgres, producer: producer, logger: logger)),
        ]
        if let consumption, !consumption.handlers.isEmpty {
            services += try self.consumption(topics: Array(consumption.handlers.keys), handler: EventHandlerSet(consumption.handlers),
                                             group: consumption.group).map { GatedService(gate: self.startup, service: $0) }
        }
        services.append(contentsOf: extraServices.map { GatedService(gate: self.startup, service: $0) })

        var app = Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.httpHost, port: configuration.httpPort),
                serverName: "fremmoede-\(configuration.service.rawValue)"),
            services: services,
            logger: logger)
        let migrations = self.migrations
        let postgres = self.postgres
        let logger = self.logger
        let startup = self.startup
        app.beforeServerStarts {
            try await migrations.run(on: postgres, logger: logger)
            startup.open()
            logger.info("started", metadata: [
                "http.port": "\(configuration.httpPort)", "operations.port": "\(configuration.operationsPort)",
                "db.schema": "\(configuration.database.schema)",
            ])
        }
        return app
    }
}
