import Foundation
import Shared

/// An answer of a service on the test stack, with what the tests read from it.
public struct TestReply: Sendable {
    public var status: Int
    public var body: Data
    /// Header names in lower case.
    public var headers: [String: String]

    public var text: String { String(decoding: body, as: UTF8.self) }
    public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    public var errors: [[String: Any]] { json["errors"] as? [[String: Any]] ?? [] }
    public var etag: String? { headers["etag"] }
    public var contentType: String? { headers["content-type"] }
}

/// The tests' HTTP client: one request, its answer whatever the status.
public enum TestHTTP {
    /// - Parameters:
    ///   - json: a body serialised as JSON (fragments allowed), sent as `application/json`;
    ///   - data: a body sent as is, with `contentType`.
    public static func send(_ method: String, _ url: String, json: Any? = nil, data: Data? = nil, contentType: String = "application/json",
                            bearer: String? = nil, headers: [String: String] = [:], timeout: TimeInterval = 30) async throws -> TestReply {
        var fields: [(String, String)] = []
        var body: Data?
        if let json {
            body = try JSONSerialization.data(withJSONObject: json, options: [.fragmentsAllowed])
            fields.append(("Content-Type", "application/json"))
        } else if let data {
            body = data
            fields.append(("Content-Type", contentType))
        }
        if let bearer { fields.append(("Authorization", "Bearer \(bearer)")) }
        fields += headers.map { ($0.key, $0.value) }
        let answer = try await HTTPExchange.send(method, url, headers: fields, body: body, timeout: .seconds(Int64(timeout)))
        var names: [String: String] = [:]
        for header in answer.headers { names[header.name.lowercased()] = names[header.name.lowercased()].map { "\($0), \(header.value)" } ?? header.value }
        return TestReply(status: answer.status, body: answer.body, headers: names)
    }

    public static func json(_ object: Any) -> Data { (try? JSONSerialization.data(withJSONObject: object)) ?? Data() }
}
