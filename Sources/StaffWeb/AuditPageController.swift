import Foundation
import Hummingbird
import Shared

/// `GET /audit[?pupilKey=&staffId=&caseId=&from=&to=]`: the data protection officer's
/// (databeskyttelsesrådgiver) search of the audit log — who read or changed which pupil's data,
/// when, under which role — in Planning's and Screening's logs, read through their `/v1/audit`
/// with the officer's own token (so the read is itself logged, and anybody else gets the 403 page).
/// Intake's and Notification's logs are read with `scripts/privacy audit`.
struct AuditPageController: Sendable {
    let app: WebApp
    static let limit = 500

    struct Row { var at: String; var service: String; var staffId: String; var role: String; var action: String; var pupilKey: String; var caseId: String; var schoolId: String }
    struct Model {
        var action: String
        var pupilKey: String
        var staffId: String
        var caseId: String
        var from: String
        var to: String
        var rows: [Row]
        var searched: Bool
        var isEmpty: Bool
        var count: Int
        var limited: Bool
    }

    func add<Context: RequestContext>(to router: RouterGroup<Context>) {
        router.get("audit") { request, _ -> Response in
            let signedIn = try await app.requireSignIn(request)
            let language = app.language(request)
            let query = request.uri.queryParameters
            func value(_ name: String) -> String {
                String((query[Substring(name)].map(String.init) ?? "").trimmingCharacters(in: .whitespaces).prefix(200))
            }
            // Dates are days in Danish time: from the start of `from` to the end of `to`.
            let from = SchoolDate(value("from")), to = SchoolDate(value("to"))
            var parameters: [(String, String)] = [("pupilKey", value("pupilKey")), ("staffId", value("staffId")), ("caseId", value("caseId"))]
                .filter { !$0.1.isEmpty }
            if let from { parameters.append(("from", from.moment(hour: 0).formatted(.iso8601))) }
            if let to { parameters.append(("to", to.adding(days: 1).moment(hour: 0).formatted(.iso8601))) }
            var rows: [Row] = []
            if !parameters.isEmpty {
                let entries = try await app.api(signedIn).auditLog(
                    (parameters + [("limit", "\(Self.limit)")]).map { "\($0.0)=\(StaffAPI.escape($0.1))" }.joined(separator: "&"))
                rows = entries.prefix(Self.limit).map { service, entry in
                    Row(at: language.dateTime(entry.at), service: service, staffId: entry.staffId, role: language.name("role", entry.role),
                        action: entry.action, pupilKey: entry.pupilKey ?? "", caseId: entry.caseId ?? "", schoolId: entry.schoolId ?? "")
                }
            } else if !signedIn.staff.has(.dataProtectionOfficer) {
                // The empty form answers what the search would: the log is the officer's only.
                throw HTTPError(.forbidden)
            }
            let model = Model(action: "/audit", pupilKey: value("pupilKey"), staffId: value("staffId"), caseId: value("caseId"),
                              from: from?.description ?? "", to: to?.description ?? "", rows: rows, searched: !parameters.isEmpty,
                              isEmpty: rows.isEmpty, count: rows.count, limited: rows.count >= Self.limit)
            return app.render("audit", model, app.frame(request, signedIn, title: language.text("audit_title"), current: "audit"))
        }
    }
}
