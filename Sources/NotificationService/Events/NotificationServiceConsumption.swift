import Shared

/// The topics NotificationService consumes (DESIGN section 1) and the handler of each. Until this service's
/// own issue lands, each handler checks the payload against its type and logs the event.
enum NotificationServiceConsumption {
    static func make() -> ServiceRuntime.Consumption {
        ServiceRuntime.Consumption(handlers: [
            .concernRaised: LoggingEventHandler(ConcernRaised.self),
            .caseOpened: LoggingEventHandler(CaseOpened.self),
            .planUpdated: LoggingEventHandler(PlanUpdated.self),
            .caseClosed: LoggingEventHandler(CaseClosed.self),
        ])
    }
}
