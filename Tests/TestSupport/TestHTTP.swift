import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
        guard let address = URL(string: url) else { throw URLError(.badURL) }
        var request = URLRequest(url: address, timeoutInterval: timeout)
        request.httpMethod = method
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json, options: [.fragmentsAllowed])
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let data {
            request.httpBody = data
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (body, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        var names: [String: String] = [:]
        for (key, value) in http.allHeaderFields { names[String(describing: key).lowercased()] = String(describing: value) }
        return TestReply(status: http.statusCode, body: body, headers: names)
    }

    public static func json(_ object: Any) -> Data { (try? JSONSerialization.data(withJSONObject: object)) ?? Data() }
}
