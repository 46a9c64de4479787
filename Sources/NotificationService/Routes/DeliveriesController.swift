import Foundation
import Hummingbird
import Shared

/// `GET /v1/deliveries`: the delivery log — per recipient and per event, what was queued, sent,
/// retried, failed, suppressed or gathered into a digest. The municipality's administrator sees
/// all of it; anyone else only the e-mails addressed to themselves.
struct DeliveriesController: Sendable {
    let outbox: EmailOutbox

    struct Listing: ResponseEncodable {
        var deliveries: [EmailOutbox.DeliveryRecord]
    }

    func add(to group: RouterGroup<StaffRequestContext>) {
        group.get("deliveries") { request, context -> Listing in
            let staff = try context.requireStaff()
            let query = request.uri.queryParameters
            var recipient = query["recipient"].map { String($0).lowercased() }
            if !staff.has(.municipalityAdmin) {
                let own = staff.email.lowercased()
                if let recipient, recipient != own {
                    throw ProblemDetails.forbidden("only the municipality's administrator sees other people's deliveries")
                }
                recipient = own
            }
            var status: EmailOutbox.Status?
            if let text = query["status"] {
                guard let parsed = EmailOutbox.Status(rawValue: String(text)) else {
                    throw ProblemDetails.badRequest("expected one of \(EmailOutbox.Status.allCases.map(\.rawValue).joined(separator: ", "))", field: "status")
                }
                status = parsed
            }
            var limit = 100
            if let text = query["limit"] {
                guard let parsed = Int(String(text)), (1...1000).contains(parsed) else {
                    throw ProblemDetails.badRequest("expected a whole number from 1 to 1000", field: "limit")
                }
                limit = parsed
            }
            return Listing(deliveries: try await outbox.log(
                recipient: recipient, eventId: query["eventId"].map(String.init), status: status, limit: limit))
        }
    }
}
