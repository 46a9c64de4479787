import Hummingbird
import ServiceLifecycle
import PlanningAPI
import Shared
import StaffWeb

/// Builds PlanningService: the shared runtime (database, Kafka, health, metrics), the staff API under
/// `/v1` and the staff web app on the same port (`buildRouter`), the event handlers and the retention job.
func buildApplication(_ configuration: ServiceConfiguration) throws -> some ApplicationProtocol {
    let planning = try PlanningConfiguration(settings: configuration.settings)
    let runtime = try ServiceRuntime(configuration: configuration, migrations: PlanningServiceMigrations.all)
    return try runtime.makeApplication(router: try buildRouter(runtime, planning), consumption: PlanningServiceConsumption.make(deadlines: planning.deadlines),
                                       extraServices: try attendanceConsumption(runtime) + [try runtime.retentionJob(rules: PlanningRetention.rules)])
}

/// The absence registrations for the legal track: a consumer of their own, so the busiest topic never holds up the concerns.
func attendanceConsumption(_ runtime: ServiceRuntime) throws -> [any Service] {
    try runtime.consumption(topics: [FremmoedeTopic.attendanceIngested], handler: AttendanceIngestedHandler(),
                            name: AttendanceIngestedHandler.consumerName, group: runtime.configuration.consumerGroup + "-attendance",
                            maxBatch: 2000)
}

/// The staff API — every route behind staff sign-in — and the staff web app (the StaffWeb library,
/// which talks to the API over HTTP).
func buildRouter(_ runtime: ServiceRuntime, _ planning: PlanningConfiguration) throws -> Router<PlanningRequestContext> {
    let router = runtime.makeRouter(context: PlanningRequestContext.self)
    let database = Database(postgres: runtime.postgres, logger: runtime.logger, maxBodyBytes: planning.maxBodyBytes)
    let staffAPI = runtime.staffAPI(on: router, auth: planning.auth, pupilData: PlanningPupilData.inventory)
    let api = staffAPI.group.add(middleware: StaffSightingMiddleware(database: database))
    ConcernsController(database: database).add(to: api)
    PupilInboxController(database: database).add(to: api)
    OpsporingMeetingController(database: database).add(to: api)
    PupilsController(database: database).add(to: api)
    PupilCaseController(database: database).add(to: api)
    CasesController(database: database).add(to: api)
    PlanController(database: database).add(to: api)
    AssessmentController(database: database).add(to: api)
    MeetingsController(database: database).add(to: api)
    let track = LegalTrack(database: database, deadlines: planning.deadlines, letters: try LetterRenderer(), municipality: planning.municipalityName)
    LegalTasksController(track: track).add(to: api)
    LegalTaskStepsController(track: track).add(to: api)
    ParentContactsController(track: track).add(to: api)
    UnderretningerController(track: track).add(to: api)
    LetterTemplatesController(track: track).add(to: api)
    LegalFiguresController(track: track).add(to: api)
    CatalogueController(database: database).add(to: api)
    DashboardController(database: database, dashboard: ReadDashboard(postgres: runtime.postgres, logger: runtime.logger, settings: planning.dashboard))
        .add(to: api)
    DashboardTargetsController(database: database).add(to: api)
    FlagQualityController(database: database).add(to: api)
    StaffDirectoryController(database: database).add(to: api)
    try WebRoutes.add(to: router, settings: runtime.configuration.settings, httpPort: runtime.configuration.httpPort, auth: planning.auth,
                      verifier: staffAPI.verifier, logger: runtime.logger)
    return router
}
