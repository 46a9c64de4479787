import Foundation
import Hummingbird
import Shared

/// `/v1/me/preferences`: the signed-in staff member's own e-mail preferences — a language and, per
/// event kind, `immediately`, `daily-digest` or `off`. Keyed by the e-mail address in the token.
struct PreferencesController: Sendable {
    let store: PreferenceStore

    struct Body: Codable, ResponseEncodable {
        var language: String
        var events: [String: String]
    }

    func add(to group: RouterGroup<StaffRequestContext>) {
        group.get("me/preferences") { _, context -> Body in
            let staff = try context.requireStaff()
            return Self.body(try await store.preferences(of: try Self.address(staff)))
        }
        group.put("me/preferences") { request, context -> Body in
            let staff = try context.requireStaff()
            let address = try Self.address(staff)
            let input = try await JSONBody.decode(Body.self, from: request)
            guard let language = MailLanguage(rawValue: input.language) else {
                throw ProblemDetails.invalid("language", "expected one of \(MailLanguage.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var modes: [NotificationKind: DeliveryMode] = [:]
            for (type, mode) in input.events.sorted(by: { $0.key < $1.key }) {
                guard let kind = NotificationKind(rawValue: type), NotificationKind.preferable.contains(kind) else {
                    throw ProblemDetails.invalid("events.\(type)", "is not an event kind: expected \(NotificationKind.preferable.map(\.rawValue).joined(separator: ", "))")
                }
                guard let chosen = DeliveryMode(rawValue: mode) else {
                    throw ProblemDetails.invalid("events.\(type)", "expected one of \(DeliveryMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                modes[kind] = chosen
            }
            let preferences = RecipientPreferences(language: language, modes: modes)
            try await store.save(preferences, of: address, staffId: staff.staffId)
            return Self.body(preferences)
        }
    }

    static func address(_ staff: StaffPrincipal) throws -> String {
        guard MailAddress.isValid(staff.email) else {
            throw ProblemDetails.forbidden("the access token carries no e-mail address, so there are no preferences to keep")
        }
        return staff.email.lowercased()
    }

    /// Every kind, with the mode in effect.
    static func body(_ preferences: RecipientPreferences) -> Body {
        Body(language: preferences.language.rawValue,
             events: Dictionary(uniqueKeysWithValues: NotificationKind.preferable.map { ($0.rawValue, preferences.mode(for: $0).rawValue) }))
    }
}
