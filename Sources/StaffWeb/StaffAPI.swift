import Foundation
import Shared

/// The pages read and change everything through the staff APIs with the signed-in person's own
/// access token — PlanningService's `/v1` (this same process, over loopback) and ScreeningService's
/// pupil profile and audit log — so the API's access rules, audit log entries, validation and optimistic
/// concurrency (If-Match) apply to the web app exactly as to any other client.
struct StaffAPI: Sendable {
    let planningURL: String
    let screeningURL: String?
    let token: String

    private var headers: [String: String] { ["Authorization": "Bearer \(token)", "Accept": "application/json"] }

    func get<T: Decodable>(_ path: String, as type: T.Type = T.self) async throws -> T {
        try await HTTPJSON.exchange("GET", planningURL + path, headers: headers, as: T.self).value
    }

    /// A read that also answers the resource's ETag, for the edit forms' If-Match.
    func getTagged<T: Decodable>(_ path: String, as type: T.Type = T.self) async throws -> (value: T, etag: String?) {
        try await HTTPJSON.exchange("GET", planningURL + path, headers: headers, as: T.self)
    }

    @discardableResult
    func send<T: Decodable>(_ method: String, _ path: String, _ body: some Encodable, ifMatch: String? = nil, as type: T.Type = T.self) async throws -> T {
        var headers = self.headers
        headers["Content-Type"] = "application/json"
        if let ifMatch { headers["If-Match"] = ifMatch }
        return try await HTTPJSON.exchange(method, planningURL + path, headers: headers, body: try EventCoding.encoder().encode(body), as: T.self).value
    }

    /// ScreeningService's profile of a pupil (daily absence by category), or nil when Screening is not configured.
    func screeningProfile(_ pupilKey: String) async throws -> WebModels.AbsenceProfile? {
        guard let screeningURL else { return nil }
        return try await HTTPJSON.exchange("GET", screeningURL + "/v1/pupils/\(Self.escape(pupilKey))/absence", headers: headers,
                                           as: WebModels.AbsenceProfile.self).value
    }

    /// The audit log of Planning and, when configured, Screening (`GET /v1/audit?…`, the data
    /// protection officer's only), each entry with the service that wrote it, newest first.
    func auditLog(_ query: String) async throws -> [(service: String, entry: AuditLog.Entry)] {
        struct Entries: Decodable { var entries: [AuditLog.Entry] }
        var sources = [("Planning", planningURL)]
        if let screeningURL { sources.append(("Screening", screeningURL)) }
        var all: [(service: String, entry: AuditLog.Entry)] = []
        for (service, url) in sources {
            let entries = try await HTTPJSON.exchange("GET", url + "/v1/audit?" + query, headers: headers, as: Entries.self).value.entries
            all += entries.map { (service, $0) }
        }
        return all.sorted { $0.entry.at > $1.entry.at }
    }

    static func escape(_ segment: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }
}

/// An empty JSON answer we do not read.
struct Ignored: Decodable {}
