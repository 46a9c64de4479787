import Foundation
import Shared

/// A problem an API answered (RFC 9457), or that it could not be reached: what the pages show.
struct APIProblem: Error, Sendable {
    var status: Int
    var title: String
    var detail: String
    var fields: [ProblemDetails.InvalidItem]
}

/// One HTTP exchange with JSON both ways (`HTTPExchange`), answering the decoded body and the ETag,
/// or throwing the problem the server sent.
enum HTTPJSON {
    static func exchange<T: Decodable>(_ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil,
                                       as type: T.Type) async throws -> (value: T, etag: String?) {
        let answer: HTTPExchange
        do {
            answer = try await HTTPExchange.send(method, url, headers: headers.map { ($0.key, $0.value) }, body: body, timeout: .seconds(15))
        } catch {
            throw APIProblem(status: 503, title: "A service cannot be reached", detail: URL(string: url).map { "\($0.host ?? ""):\($0.port ?? 0)" } ?? url,
                             fields: [])
        }
        guard (200..<300).contains(answer.status) else {
            if let problem = try? JSONDecoder().decode(ProblemDetails.self, from: answer.body) {
                throw APIProblem(status: answer.status, title: problem.title, detail: problem.detail ?? "", fields: problem.errors ?? [])
            }
            throw APIProblem(status: answer.status, title: "HTTP \(answer.status)", detail: String(answer.text.prefix(300)), fields: [])
        }
        return (try EventCoding.decoder().decode(T.self, from: answer.body), answer.header("ETag"))
    }

    /// `application/x-www-form-urlencoded` of `fields`.
    static func formBody(_ fields: [(String, String)]) -> Data {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return Data(fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&").utf8)
    }
}
