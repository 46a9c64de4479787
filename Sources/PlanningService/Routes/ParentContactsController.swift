import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// Step 1: `GET /v1/schools/{schoolId}/contact-list[?from=&to=&open=true]` (default today) and
/// `POST /v1/schools/{schoolId}/parent-contacts`.
struct ParentContactsController: Sendable {
    let track: LegalTrack

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("schools/{schoolId}/contact-list") { request, context -> ContactList in
            let staff = try context.requireStaff()
            let school = try context.parameters.text("schoolId")
            let query = request.uri.queryParameters
            let today = SchoolDate(Date())
            let to = try Self.date(query["to"].map(String.init), field: "to") ?? today
            let from = try Self.date(query["from"].map(String.init), field: "from") ?? to
            guard from <= to, from.days(until: to) < LegalTrack.maximumContactDays else {
                throw ProblemDetails.badRequest("from must not be after to, and at most \(LegalTrack.maximumContactDays) days before it", field: "from")
            }
            let open = try query["open"].map { value -> Bool in
                guard let flag = Bool(String(value)) else { throw ProblemDetails.badRequest("open must be true or false", field: "open") }
                return flag
            } ?? false
            return try await track.contactList(school: school, from: from, to: to, openOnly: open, by: staff)
        }

        router.post("schools/{schoolId}/parent-contacts") { request, context -> Tagged<ParentContact> in
            let staff = try context.requireStaff()
            let school = try context.parameters.text("schoolId")
            _ = try ControllerSupport.authorize(.contactParents, staff, on: .school(school))
            let input = try await track.support.body(NewParentContact.self, from: request)
            return Tagged(status: .created, body: try await track.recordContact(school: school, input, by: staff))
        }
    }

    static func date(_ text: String?, field: String) throws -> SchoolDate? {
        guard let text else { return nil }
        guard let date = SchoolDate.accepted(text) else { throw ProblemDetails.badRequest("\(field) must be a date YYYY-MM-DD \(SchoolDate.acceptedRange)", field: field) }
        return date
    }
}
