import Hummingbird
import PlanningAPI
import Shared
import StaffWeb

/// Builds PlanningService: shared runtime (database, Kafka, health, metrics) plus this service's own
/// migrations, event handlers and the staff API under `/v1`, every route behind staff sign-in, and the staff web app
/// (the StaffWeb library, which talks to the API over HTTP). Tests call this too.
func buildApplication(_ configuration: ServiceConfiguration) throws -> some ApplicationProtocol {
    let planning = try PlanningConfiguration(settings: configuration.settings)
    let runtime = try ServiceRuntime(configuration: configuration, migrations: PlanningServiceMigrations.all)
    let router = runtime.makeRouter(context: PlanningRequestContext.self)
    let verifier = StaffTokenVerifier(configuration: planning.auth, logger: runtime.logger)
    let database = Database(postgres: runtime.postgres, logger: runtime.logger, maxBodyBytes: planning.maxBodyBytes)
    let api = router.group("v1").add(middleware: StaffAuthMiddleware(verifier: verifier)).add(middleware: StaffSightingMiddleware(database: database))
    ConcernsController(database: database).add(to: api)
    PupilInboxController(database: database).add(to: api)
    OpsporingMeetingController(database: database).add(to: api)
    PupilsController(database: database).add(to: api)
    PupilCaseController(database: database).add(to: api)
    CasesController(database: database).add(to: api)
    PlanController(database: database).add(to: api)
    AssessmentController(database: database).add(to: api)
    MeetingsController(database: database).add(to: api)
    LegalTasksController(database: database).add(to: api)
    CatalogueController(database: database).add(to: api)
    DashboardController(database: database, settings: planning.dashboard).add(to: api)
    FlagQualityController(database: database).add(to: api)
    StaffDirectoryController(database: database).add(to: api)
    AuditRoutes(postgres: runtime.postgres, logger: runtime.logger).add(to: api)
    PupilExportRoutes(postgres: runtime.postgres, data: PlanningPupilData.inventory, logger: runtime.logger).add(to: api)
    try WebRoutes.add(to: router, settings: configuration.settings, httpPort: configuration.httpPort, auth: planning.auth, verifier: verifier,
                      logger: runtime.logger)
    let retention = RetentionJob(retention: try Retention(settings: configuration.settings, rules: PlanningRetention.rules),
                                 postgres: runtime.postgres, logger: runtime.logger)
    return try runtime.makeApplication(router: router, consumption: PlanningServiceConsumption.make(deadlines: planning.deadlines),
                                       extraServices: [retention])
}
