import Shared

/// The topics PlanningService consumes (DESIGN section 1) and the handler of each. Until this service's
/// own issue lands, each handler checks the payload against its type and logs the event.
enum PlanningServiceConsumption {
    static func make() -> ServiceRuntime.Consumption {
        ServiceRuntime.Consumption(handlers: [
            .concernRaised: LoggingEventHandler(ConcernRaised.self),
            .concernResolved: LoggingEventHandler(ConcernResolved.self),
            .absenceSummary: LoggingEventHandler(AbsenceSummary.self),
            .pupilDirectory: LoggingEventHandler(PupilDirectoryEntry.self),
        ])
    }
}
