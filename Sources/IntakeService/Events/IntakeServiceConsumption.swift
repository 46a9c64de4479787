import Shared

/// The topics IntakeService consumes (DESIGN section 1) and the handler of each. Until this service's
/// own issue lands, each handler checks the payload against its type and logs the event.
enum IntakeServiceConsumption {
    static func make() -> ServiceRuntime.Consumption {
        ServiceRuntime.Consumption(handlers: [
            .attendanceRegistrations: LoggingEventHandler(RawRegistration.self),
        ])
    }
}
