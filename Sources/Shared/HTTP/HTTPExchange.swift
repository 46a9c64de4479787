import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP request and its whole answer, through async-http-client's shared client: the few calls
/// a service or a tool makes to another (the IdP's keys, the web app's API reads, the demo's and the
/// benchmarks' requests). A status is an answer, not an error; an error is a request that got none.
public struct HTTPExchange: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The first value of the header `name` (case-insensitive).
    public func header(_ name: String) -> String? { headers.first(name: name) }

    public static func send(_ method: String, _ url: String, headers: [(String, String)] = [], body: Data? = nil,
                            timeout: Duration = .seconds(30), limit: Int = 64 << 20, followRedirects: Bool = true) async throws -> HTTPExchange {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let client = followRedirects ? HTTPClient.shared : notFollowing
        let response = try await client.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
        let answer = try await response.body.collect(upTo: limit)
        return HTTPExchange(status: Int(response.status.code), headers: response.headers, body: Data(answer.readableBytesView))
    }

    /// A client that answers a redirect as it is (a mail link's first hop); made once and kept for
    /// the process's life, as `HTTPClient.shared` is.
    private static let notFollowing = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                                                 configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))
}
