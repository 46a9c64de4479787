import Hummingbird
import Shared

/// Builds IntakeService: shared runtime (database, Kafka, health, metrics) plus the registration,
/// pupil, calendar and source routes and the Kafka feed. Tests call this too.
func buildApplication(_ configuration: ServiceConfiguration) throws -> some ApplicationProtocol {
    let intake = try IntakeConfiguration(settings: configuration.settings)
    let runtime = try ServiceRuntime(configuration: configuration, migrations: IntakeServiceMigrations.all)
    if intake.pseudonymSecret == IntakeConfiguration.developmentSecret {
        runtime.logger.warning("INTAKE_PSEUDONYM_SECRET is not set: using the development secret; never do this with real pupils")
    }
    let logger = runtime.logger
    let sources = SourceStore(postgres: runtime.postgres, logger: logger)
    let registrations = RegistrationStore(
        postgres: runtime.postgres, pupils: PupilStore(pseudonymizer: Pseudonymizer(secret: intake.pseudonymSecret), logger: logger),
        sources: sources, logger: logger)
    let authentication = SourceAuthentication(sources: sources)

    let router = runtime.makeRouter(context: StaffRequestContext.self)
    RegistrationsController(store: registrations, authentication: authentication, configuration: intake).add(to: router)
    CalendarsController(store: CalendarStore(postgres: runtime.postgres, logger: logger), authentication: authentication, configuration: intake)
        .add(to: router)
    let verifier = StaffTokenVerifier(configuration: intake.auth, logger: logger)
    let admin = AdminAuthorization(adminToken: intake.adminToken, verifier: verifier)
    SourcesController(store: sources, admin: admin, keyOverlap: intake.keyOverlap).add(to: router)
    PupilMovesController(postgres: runtime.postgres, moves: PupilMoveStore(pupils: registrations.pupils, logger: logger), admin: admin).add(to: router)
    let staffAPI = router.group("/v1").add(middleware: StaffAuthMiddleware(verifier: verifier))
    AuditRoutes(postgres: runtime.postgres, logger: logger).add(to: staffAPI)
    PupilExportRoutes(postgres: runtime.postgres, data: IntakePupilData.inventory, logger: logger).add(to: staffAPI)
    PupilRequestsController(postgres: runtime.postgres, pseudonymizer: Pseudonymizer(secret: intake.pseudonymSecret), logger: logger).add(to: staffAPI)

    let feed = try runtime.consumption(topics: [FremmoedeTopic.attendanceRegistrations], handler: RegistrationFeedHandler(store: registrations),
                                       name: RegistrationFeedHandler.consumerName, maxBatch: intake.feedBatchSize, lanes: intake.feedLanes,
                                       topicRefresh: intake.feedTopicRefresh)
    let retention = RetentionJob(retention: try Retention(settings: configuration.settings, rules: IntakeRetention.rules, steps: IntakeRetention.steps),
                                 postgres: runtime.postgres, logger: logger)
    return try runtime.makeApplication(router: router, consumption: nil, extraServices: feed + [retention])
}
