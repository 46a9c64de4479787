import Shared

/// The topics ScreeningService consumes (DESIGN section 1) and the handler of each. Until this service's
/// own issue lands, each handler checks the payload against its type and logs the event.
enum ScreeningServiceConsumption {
    static func make() -> ServiceRuntime.Consumption {
        ServiceRuntime.Consumption(handlers: [
            .attendanceIngested: LoggingEventHandler(AttendanceIngested.self),
            .pupilDirectory: LoggingEventHandler(PupilDirectoryEntry.self),
            .schoolCalendar: LoggingEventHandler(SchoolCalendar.self),
        ])
    }
}
