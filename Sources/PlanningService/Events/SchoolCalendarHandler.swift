import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// `school.calendar` → the school's days in a school year, for the dashboard. A calendar whose school
/// year is not one ("2026/27") or whose days fall outside it is a data error: it dead-letters.
struct SchoolCalendarHandler: EventHandler {
    func handle(_ event: CloudEvent, on connection: PostgresConnection, logger: Logger) async throws {
        let calendar = try event.decode(SchoolCalendar.self)
        guard let range = FlagQuality.range(ofSchoolYear: calendar.schoolYear) else {
            throw EventProcessingError(description: "schoolYear is not a school year like 2026/27")
        }
        guard calendar.schoolDays.allSatisfy({ range.from <= $0 && $0 <= range.to }) else {
            throw EventProcessingError(description: "schoolDays has a day outside the school year \(calendar.schoolYear)")
        }
        try await SchoolCalendarStore.upsert(calendar, on: connection, logger: logger)
    }
}
