import Foundation
import Hummingbird
import Shared

/// `/v1/routing-rules`: which role mailboxes get which events at which school. The municipality's
/// administrator manages every school's rules (and rules for `*`, every school); a school leader
/// those of their own schools.
struct RoutingRulesController: Sendable {
    let store: RoutingRuleStore

    struct Input: Decodable {
        var schoolId: String
        var schoolName: String?
        var eventType: String
        var mailboxRole: String
        var mailbox: String
    }

    struct Output: ResponseEncodable {
        var ruleId: UUID
        var schoolId: String
        var schoolName: String?
        var eventType: String
        var mailboxRole: String
        var mailbox: String

        init(_ rule: RoutingRule) {
            ruleId = rule.ruleId
            schoolId = rule.schoolId
            schoolName = rule.schoolName
            eventType = rule.eventType.rawValue
            mailboxRole = rule.mailboxRole
            mailbox = rule.mailbox
        }
    }

    struct Listing: ResponseEncodable {
        var rules: [Output]
    }

    func add(to group: RouterGroup<StaffRequestContext>) {
        group.get("routing-rules") { _, context -> Listing in
            let staff = try context.requireStaff()
            let scope = try Self.readableSchools(staff)
            return Listing(rules: try await store.list(schools: scope).map(Output.init))
        }
        group.post("routing-rules") { request, context -> EditedResponse<Output> in
            let staff = try context.requireStaff()
            _ = try Self.readableSchools(staff)  // deny before reading the body; the school is checked in `validated`
            let rule = try Self.validated(try await JSONBody.decode(Input.self, from: request), id: UUID(), staff: staff)
            guard try await store.insert(rule, by: staff.staffId) == .saved else { throw Self.duplicate(rule) }
            return EditedResponse(status: .created, headers: [.location: "/v1/routing-rules/\(rule.ruleId)"], response: Output(rule))
        }
        group.get("routing-rules/{ruleId}") { _, context -> Output in
            let rule = try await existing(context)
            try Self.requireManage(rule.schoolId, context.requireStaff())
            return Output(rule)
        }
        group.put("routing-rules/{ruleId}") { request, context -> Output in
            let staff = try context.requireStaff()
            let current = try await existing(context)
            try Self.requireManage(current.schoolId, staff)
            let rule = try Self.validated(try await JSONBody.decode(Input.self, from: request), id: current.ruleId, staff: staff)
            guard try await store.update(rule) == .saved else { throw Self.duplicate(rule) }
            return Output(rule)
        }
        group.delete("routing-rules/{ruleId}") { _, context -> Response in
            let rule = try await existing(context)
            try Self.requireManage(rule.schoolId, context.requireStaff())
            try await store.delete(rule.ruleId)
            return Response(status: .noContent)
        }
    }

    private func existing(_ context: StaffRequestContext) async throws -> RoutingRule {
        let text = try context.parameters.require("ruleId")
        guard let id = UUID(uuidString: text), let rule = try await store.find(id) else {
            throw ProblemDetails.notFound("no routing rule '\(text)'")
        }
        return rule
    }

    /// nil: every school's rules; otherwise the schools whose rules this person may see.
    static func readableSchools(_ staff: StaffPrincipal) throws -> Set<String>? {
        if staff.has(.municipalityAdmin) { return nil }
        guard staff.has(.schoolLeader) else {
            throw ProblemDetails.forbidden("routing rules are managed by the municipality's administrator and school leaders")
        }
        return staff.isMunicipalityWide ? nil : staff.schoolIds
    }

    static func requireManage(_ schoolId: String, _ staff: StaffPrincipal) throws {
        if staff.has(.municipalityAdmin) { return }
        guard staff.has(.schoolLeader), schoolId != RoutingRule.everySchool, staff.worksAt(schoolId) else {
            throw ProblemDetails.forbidden("only the municipality's administrator, or a leader of school '\(schoolId)', may manage its routing rules")
        }
    }

    static func validated(_ input: Input, id: UUID, staff: StaffPrincipal) throws -> RoutingRule {
        let schoolId = input.schoolId.trimmingCharacters(in: .whitespaces)
        guard !schoolId.isEmpty, schoolId.count <= 100 else { throw ProblemDetails.invalid("schoolId", "must be 1 to 100 characters") }
        guard let kind = NotificationKind(rawValue: input.eventType), NotificationKind.preferable.contains(kind) else {
            throw ProblemDetails.invalid("eventType", "expected one of \(NotificationKind.preferable.map(\.rawValue).joined(separator: ", "))")
        }
        let role = input.mailboxRole.trimmingCharacters(in: .whitespaces)
        guard !role.isEmpty, role.count <= 100 else { throw ProblemDetails.invalid("mailboxRole", "must be 1 to 100 characters") }
        guard MailAddress.isValid(input.mailbox) else { throw ProblemDetails.invalid("mailbox", "is not an e-mail address") }
        if let name = input.schoolName, name.count > 200 || name.contains(where: \.isNewline) {
            throw ProblemDetails.invalid("schoolName", "must be one line of at most 200 characters")
        }
        try requireManage(schoolId, staff)
        return RoutingRule(ruleId: id, schoolId: schoolId, schoolName: input.schoolName, eventType: kind, mailboxRole: role,
                           mailbox: input.mailbox.lowercased())
    }

    static func duplicate(_ rule: RoutingRule) -> ProblemDetails {
        ProblemDetails(status: .conflict, type: "duplicate-rule", title: "The rule exists",
                       detail: "a rule already sends \(rule.eventType.rawValue) at '\(rule.schoolId)' to \(rule.mailbox)")
    }
}
