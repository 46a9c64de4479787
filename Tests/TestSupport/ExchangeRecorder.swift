import Foundation

/// Every request and answer a test stack made, for `scripts/check_openapi_exchanges.py`: the
/// service's answers checked against its OpenAPI document.
public final class ExchangeRecorder: @unchecked Sendable {
    private var exchanges: [[String: Any]] = []
    private let lock = NSLock()

    public init() {}

    public func record(_ method: String, _ path: String, request: Any?, reply: TestReply) {
        var exchange: [String: Any] = ["method": method, "path": path.split(separator: "?").first.map(String.init) ?? path,
                                       "status": reply.status, "contentType": reply.contentType ?? ""]
        if let request { exchange["request"] = request }
        if !reply.body.isEmpty, let json = try? JSONSerialization.jsonObject(with: reply.body) { exchange["response"] = json }
        lock.withLock { exchanges.append(exchange) }
    }

    /// Checks the recorded exchanges against `openapi/<document>`; the checker's exit status and output.
    public func check(against document: String) throws -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("exchanges-\(UUID()).ndjson")
        defer { try? FileManager.default.removeItem(at: file) }
        let lines = try lock.withLock { try exchanges.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) } }
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
        let root = TestStack.repositoryRoot
        let result = try TestStack.run("/usr/bin/env", ["python3", root.appendingPathComponent("scripts/check_openapi_exchanges.py").path,
                                                        root.appendingPathComponent("openapi/\(document)").path, file.path])
        return (result.status, result.stdout + result.stderr)
    }
}
