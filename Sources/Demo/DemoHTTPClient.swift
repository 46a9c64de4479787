import Foundation
import Shared

/// The demo's HTTP calls to the stack, as a school system or an administrator makes them: a
/// service that is down or restarting is waited for (retried every second), a refusal stops the
/// demo with the service's problem details.
struct DemoHTTPClient: Sendable {
    struct Reply {
        let status: Int
        let body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
    }

    func send(_ method: String, _ url: String, body: Data? = nil, contentType: String = "application/json",
              bearer: String?, headers: [String: String] = [:], accept: Set<Int> = [200, 201, 204]) async throws -> Reply {
        var fields = headers.map { ($0.key, $0.value) }
        if body != nil { fields.append(("Content-Type", contentType)) }
        if let bearer { fields.append(("Authorization", "Bearer \(bearer)")) }
        var waitingSince: ContinuousClock.Instant?
        while true {
            do {
                let answer = try await HTTPExchange.send(method, url, headers: fields, body: body, timeout: .seconds(120))
                let status = answer.status
                if status >= 500 || status == 429 { throw DemoError("answered \(status)") }
                let reply = Reply(status: status, body: answer.body)
                guard accept.contains(status) else { throw Refused(description: "\(method) \(url) answered \(status): \(reply.text.prefix(600))") }
                return reply
            } catch let refused as Refused {
                throw refused
            } catch {
                if waitingSince == nil {
                    waitingSince = .now
                    say("  … \(URL(string: url)?.host ?? url):\(URL(string: url)?.port ?? 0) is not answering (\(error)); retrying every second")
                }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    struct Refused: Error, CustomStringConvertible { let description: String }

    static func json(_ object: Any) -> Data { try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) }
}
