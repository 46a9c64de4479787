import Foundation
import Shared

/// The benchmark's calls to Intake and Notification.
struct LatencyHTTP: Sendable {
    @discardableResult
    func expect(_ status: Int, _ method: String, _ url: String, json: Any, bearer: String) async throws -> Data {
        let answer = try await HTTPExchange.send(method, url, headers: [("Content-Type", "application/json"), ("Authorization", "Bearer \(bearer)")],
                                                 body: try JSONSerialization.data(withJSONObject: json), timeout: .seconds(120))
        guard answer.status == status else { throw LatencyError("\(method) \(url) answered \(answer.status): \(answer.text.prefix(500))") }
        return answer.body
    }

    /// Registers the benchmark's attendance source (as the municipality's administrator) and
    /// answers its API key.
    func registerSource(_ name: String, schools: [String], settings: LatencySettings) async throws -> String {
        let data = try await expect(201, "POST", "\(settings.intakeURL)/v1/admin/sources", json: ["sourceSystem": name, "schools": schools],
                                    bearer: try await adminBearer(settings))
        guard let key = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["apiKey"] as? String else {
            throw LatencyError("no apiKey in Intake's answer")
        }
        return key
    }

    func addRoutingRule(school: String, mailbox: String, settings: LatencySettings) async throws {
        try await expect(201, "POST", "\(settings.notificationURL)/v1/routing-rules", json: [
            "schoolId": school, "schoolName": school, "eventType": "concern.raised", "mailboxRole": "opsporingsteam", "mailbox": mailbox,
        ], bearer: try await staffAdmin())
    }

    private func adminBearer(_ settings: LatencySettings) async throws -> String {
        settings.adminToken.isEmpty ? try await staffAdmin() : settings.adminToken
    }

    private func staffAdmin() async throws -> String {
        try await StaffTokenIssuer.development().token(for: StaffPrincipal(
            staffId: "latency-benchmark", name: "Benchmark", email: "benchmark@latency.test", roles: [.municipalityAdmin], schoolIds: [],
            isMunicipalityWide: true))
    }
}
