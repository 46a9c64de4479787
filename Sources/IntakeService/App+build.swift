import Hummingbird
import Shared

/// Builds IntakeService: the shared runtime (database, Kafka, health, metrics), the routes
/// (`buildRouter`), the Kafka feed of every source's topic and the retention job.
func buildApplication(_ configuration: ServiceConfiguration) throws -> some ApplicationProtocol {
    let intake = try IntakeConfiguration(settings: configuration.settings)
    let runtime = try ServiceRuntime(configuration: configuration, migrations: IntakeServiceMigrations.all)
    if intake.pseudonymSecret == IntakeConfiguration.developmentSecret {
        runtime.logger.warning("INTAKE_PSEUDONYM_SECRET is not set: using the development secret; never do this with real pupils")
    }
    let ingestion = ingestRegistrations(runtime, intake)
    let feed = try runtime.consumption(topics: [FremmoedeTopic.attendanceRegistrations], handler: RegistrationFeedHandler(ingest: ingestion),
                                       name: RegistrationFeedHandler.consumerName, maxBatch: intake.feedBatchSize, lanes: intake.feedLanes,
                                       topicRefresh: intake.feedTopicRefresh)
    return try runtime.makeApplication(router: buildRouter(runtime, intake, ingestion: ingestion), consumption: nil,
                                       extraServices: feed + [try runtime.retentionJob(rules: IntakeRetention.rules, steps: IntakeRetention.steps)])
}

/// The school systems' routes (registrations, pupils, calendars; a source's key), the
/// administrator's (sources, held moves; a staff token or the bootstrap token) and the staff API.
func buildRouter(_ runtime: ServiceRuntime, _ intake: IntakeConfiguration, ingestion: IngestRegistrations) -> Router<StaffRequestContext> {
    let router = runtime.makeRouter(context: StaffRequestContext.self)
    let authentication = SourceAuthentication(sources: ingestion.sources)
    RegistrationsController(ingestion: ingestion, authentication: authentication, configuration: intake).add(to: router)
    CalendarsController(store: CalendarStore(postgres: runtime.postgres, logger: runtime.logger), authentication: authentication, configuration: intake)
        .add(to: router)
    let staffAPI = runtime.staffAPI(on: router, auth: intake.auth, pupilData: IntakePupilData.inventory)
    let admin = AdminAuthorization(adminToken: intake.adminToken, verifier: staffAPI.verifier)
    SourcesController(store: ingestion.sources, admin: admin, keyOverlap: intake.keyOverlap).add(to: router)
    PupilMovesController(postgres: runtime.postgres, moves: PupilMoveStore(pupils: ingestion.pupils, logger: runtime.logger), admin: admin).add(to: router)
    PupilRequestsController(postgres: runtime.postgres, pseudonymizer: ingestion.pupils.pseudonymizer, logger: runtime.logger).add(to: staffAPI.group)
    return router
}

func ingestRegistrations(_ runtime: ServiceRuntime, _ intake: IntakeConfiguration) -> IngestRegistrations {
    IngestRegistrations(postgres: runtime.postgres, pupils: PupilStore(pseudonymizer: Pseudonymizer(secret: intake.pseudonymSecret), logger: runtime.logger),
                        sources: SourceStore(postgres: runtime.postgres, logger: runtime.logger), logger: runtime.logger)
}
