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
    let support = ControllerSupport(postgres: runtime.postgres, logger: runtime.logger, maxBodyBytes: planning.maxBodyBytes)
    let staffAPI = runtime.staffAPI(on: router, auth: planning.auth, pupilData: PlanningPupilData.inventory)
    let api = staffAPI.group.add(middleware: StaffSightingMiddleware(support: support))
    ConcernsController(support: support).add(to: api)
    PupilInboxController(support: support).add(to: api)
    OpsporingMeetingController(support: support).add(to: api)
    PupilsController(support: support).add(to: api)
    PupilCaseController(support: support).add(to: api)
    CasesController(support: support).add(to: api)
    PlanController(support: support).add(to: api)
    AssessmentController(support: support).add(to: api)
    MeetingsController(support: support).add(to: api)
    let track = LegalTrack(support: support, deadlines: planning.deadlines, letters: try LetterRenderer(), municipality: planning.municipalityName)
    LegalTasksController(track: track).add(to: api)
    LegalTaskStepsController(track: track).add(to: api)
    ParentContactsController(track: track).add(to: api)
    UnderretningerController(track: track).add(to: api)
    LetterTemplatesController(track: track).add(to: api)
    LegalFiguresController(track: track).add(to: api)
    CatalogueController(support: support).add(to: api)
    DashboardController(support: support, dashboard: ReadDashboard(postgres: runtime.postgres, logger: runtime.logger, settings: planning.dashboard))
        .add(to: api)
    DashboardTargetsController(support: support).add(to: api)
    FlagQualityController(support: support).add(to: api)
    StaffDirectoryController(support: support).add(to: api)
    try WebRoutes.add(to: router, settings: runtime.configuration.settings, httpPort: runtime.configuration.httpPort, auth: planning.auth,
                      verifier: staffAPI.verifier, logger: runtime.logger)
    return router
}
