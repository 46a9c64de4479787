import Foundation
import Hummingbird
import Shared

/// `PUT /v1/schools/{schoolId}/calendar`: a school year's school days and holidays (the
/// denominator for absence-only feeds), published on `school.calendar`.
struct CalendarsController: Sendable {
    let store: CalendarStore
    let authentication: SourceAuthentication
    let configuration: IntakeConfiguration

    struct Stored: ResponseEncodable {
        var schoolId: String
        var schoolYear: String
        var schoolDays: Int
        var holidays: Int
    }

    func add(to router: Router<StaffRequestContext>) {
        router.put("/v1/schools/{schoolId}/calendar") { request, context -> Stored in
            let source = try await authentication.source(for: request)
            let rawSchoolId = try context.parameters.require("schoolId")
            let schoolId = rawSchoolId.removingPercentEncoding ?? rawSchoolId
            guard source.schools.contains(schoolId) else {
                throw ProblemDetails.forbidden("the source '\(source.sourceSystem)' may not send calendars for school '\(schoolId)'")
            }
            let input = try await JSONBody.decode(CalendarInput.self, from: request, limit: configuration.maxBodyBytes)
            switch input.validated(schoolId: schoolId, now: Date()) {
            case .failure(let errors):
                throw ProblemDetails(status: .unprocessableContent, type: "invalid-calendar", title: "The calendar is not valid",
                                     errors: errors.items.map { .init(index: nil, field: $0.field, reason: $0.reason) })
            case .success(let calendar):
                try await store.upsert(calendar)
                return Stored(schoolId: schoolId, schoolYear: calendar.schoolYear, schoolDays: calendar.schoolDays.count, holidays: calendar.holidays.count)
            }
        }
    }
}
