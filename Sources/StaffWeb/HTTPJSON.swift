import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Shared

/// A problem an API answered (RFC 9457), or that it could not be reached: what the pages show.
struct APIProblem: Error, Sendable {
    var status: Int
    var title: String
    var detail: String
    var fields: [ProblemDetails.InvalidItem]
}

/// One HTTP exchange with JSON both ways (URLSession), answering the decoded body and the ETag,
/// or throwing the problem the server sent.
enum HTTPJSON {
    static func exchange<T: Decodable>(_ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil,
                                       as type: T.Type) async throws -> (value: T, etag: String?) {
        guard let target = URL(string: url) else { throw APIProblem(status: 400, title: "Bad address", detail: url, fields: []) }
        var request = URLRequest(url: target)
        request.httpMethod = method
        request.timeoutInterval = 15
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let data: Data
        let response: URLResponse
        do {
            // In an unstructured task, so a page whose other reads failed (and whose `async let`s are
            // cancelled) never cancels an exchange in flight: FoundationNetworking on Linux can leave a
            // cancelled data task without an answer, and the page — and the session's later requests — would hang.
            let exchange = Task { [request] in try await URLSession.shared.data(for: request) }
            (data, response) = try await exchange.value
        } catch {
            throw APIProblem(status: 503, title: "A service cannot be reached", detail: "\(target.host ?? ""):\(target.port ?? 0)", fields: [])
        }
        let http = response as? HTTPURLResponse
        let status = http?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            if let problem = try? JSONDecoder().decode(ProblemDetails.self, from: data) {
                throw APIProblem(status: status, title: problem.title, detail: problem.detail ?? "", fields: problem.errors ?? [])
            }
            throw APIProblem(status: status, title: "HTTP \(status)", detail: String(decoding: data.prefix(300), as: UTF8.self), fields: [])
        }
        let value = try EventCoding.decoder().decode(T.self, from: data)
        return (value, http?.value(forHTTPHeaderField: "ETag"))
    }

    /// `application/x-www-form-urlencoded` of `fields`.
    static func formBody(_ fields: [(String, String)]) -> Data {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return Data(fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&").utf8)
    }
}
