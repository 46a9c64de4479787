import Foundation
import Hummingbird
import Logging
import PostgresNIO
import Shared

/// `POST /v1/test-emails`: the municipality's administrator sends a test e-mail to check the relay.
/// It goes through the outbox like any e-mail, so the delivery log shows what became of it.
struct TestEmailsController: Sendable {
    let postgres: PostgresClient
    let templates: MailTemplates
    let from: MailAddress
    let publicBaseURL: String
    let logger: Logger

    struct Input: Decodable {
        var recipient: String
        var language: String?
    }

    struct Output: ResponseEncodable {
        var eventId: String
        var recipient: String
        var status: String
    }

    func add(to group: RouterGroup<StaffRequestContext>) {
        group.post("test-emails") { request, context -> EditedResponse<Output> in
            let staff = try context.requireStaff()
            guard staff.has(.municipalityAdmin) else { throw ProblemDetails.forbidden("test e-mails are sent by the municipality's administrator") }
            let input = try await JSONBody.decode(Input.self, from: request)
            guard MailAddress.isValid(input.recipient) else { throw ProblemDetails.invalid("recipient", "is not an e-mail address") }
            guard let language = MailLanguage(rawValue: input.language ?? "da") else {
                throw ProblemDetails.invalid("language", "expected one of \(MailLanguage.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let recipient = Recipient(address: input.recipient.lowercased(), staffId: nil, reason: "test:\(staff.staffId)")
            let eventId = "test:\(UUID().uuidString.lowercased())"
            let content = MailContent(kind: .test, school: "", link: publicBaseURL)
            let email = EmailOutbox.NewEmail(
                eventId: eventId, recipient: recipient, kind: .test, schoolId: "-", caseId: nil, language: language,
                mail: templates.render(content, language: language), link: publicBaseURL,
                messageId: MIMEMessage.deterministicID(eventID: eventId, recipient: recipient.address, domain: from.domain), status: .pending)
            try await postgres.withConnection { connection in
                try await EmailOutbox.insert([email], on: connection, logger: logger)
            }
            return EditedResponse(status: .accepted, response: Output(eventId: eventId, recipient: recipient.address, status: "pending"))
        }
    }
}
