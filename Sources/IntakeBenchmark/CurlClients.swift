import CCurl
import Foundation

/// The benchmark's HTTP clients: `count` threads, each with one libcurl easy handle (a kept-alive
/// connection), posting the batches in turn. Foundation's URLSession on Linux spent about 150 ms of
/// CPU a 1 MB request in its dispatch event loop — 0.7 of this machine's 2 cores taken from the
/// service being measured.
struct CurlClients {
    static let globalInit: Void = { _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    let count: Int

    /// Posts every batch to `url`; throws the first refusal (a status outside 2xx) or transfer error.
    func post(_ batches: [Data], to url: String, bearer: String, contentType: String = "application/json") async throws {
        _ = Self.globalInit
        let queue = BatchQueue(batches)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<count {
                group.addTask {
                    // A thread of its own: curl_easy_perform blocks, and Swift's pool has one thread a core.
                    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                        Thread.detachNewThread {
                            do {
                                let transfer = try CurlPost(url: url, bearer: bearer, contentType: contentType)
                                while let batch = queue.next() { try transfer.send(batch) }
                                continuation.resume()
                            } catch {
                                continuation.resume(throwing: error)
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}

/// Hands out the batches one at a time to the clients' threads.
private final class BatchQueue: @unchecked Sendable {
    private let batches: [Data]
    private var nextIndex = 0
    private let lock = NSLock()

    init(_ batches: [Data]) { self.batches = batches }

    func next() -> Data? {
        lock.withLock {
            guard nextIndex < batches.count else { return nil }
            defer { nextIndex += 1 }
            return batches[nextIndex]
        }
    }
}

/// One kept-alive connection posting bodies to one URL.
private final class CurlPost {
    private let handle: UnsafeMutableRawPointer
    private let headers: UnsafeMutablePointer<curl_slist>?
    private let response = Response()

    private final class Response {
        var bytes: [UInt8] = []
    }

    private static let writeCallback: fm_curl_write_callback = { data, size, count, userdata in
        guard let data, let userdata else { return 0 }
        let response = Unmanaged<Response>.fromOpaque(userdata).takeUnretainedValue()
        response.bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size * count))
        return size * count
    }

    init(url: String, bearer: String, contentType: String) throws {
        guard let handle = curl_easy_init() else { throw BenchError(description: "curl_easy_init failed") }
        self.handle = handle
        var list = curl_slist_append(nil, "Authorization: Bearer \(bearer)")
        list = curl_slist_append(list, "Content-Type: \(contentType)")
        list = curl_slist_append(list, "Expect:")  // no 100-continue round trip before each body
        headers = list
        _ = fm_curl_setopt_string(handle, CURLOPT_URL, url)
        _ = fm_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = fm_curl_setopt_long(handle, CURLOPT_TIMEOUT, 300)
        _ = fm_curl_setopt_long(handle, CURLOPT_POST, 1)
        _ = fm_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers)
        _ = fm_curl_setopt_write_function(handle, Self.writeCallback)
        _ = fm_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(response).toOpaque())
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headers)
    }

    func send(_ body: Data) throws {
        response.bytes.removeAll(keepingCapacity: true)
        let result = body.withUnsafeBytes { bytes -> CURLcode in
            _ = fm_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, bytes.count)
            _ = fm_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            return curl_easy_perform(handle)
        }
        guard result == CURLE_OK else { throw BenchError(description: "POST failed: \(String(cString: curl_easy_strerror(result)))") }
        var status = 0
        _ = fm_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        guard (200..<300).contains(status) else {
            throw BenchError(description: "POST answered \(status): \(String(decoding: response.bytes.prefix(500), as: UTF8.self))")
        }
    }
}
