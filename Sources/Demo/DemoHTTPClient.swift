import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
        var waitingSince: ContinuousClock.Instant?
        while true {
            var request = URLRequest(url: URL(string: url)!, timeoutInterval: 120)
            request.httpMethod = method
            request.httpBody = body
            if body != nil { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
            if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            do {
                let (data, response) = try await URLSession.shared.data(for: request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                if status >= 500 || status == 429 { throw DemoError("answered \(status)") }
                let reply = Reply(status: status, body: data)
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
