import CCurl
import Foundation

/// One SMTP conversation through a libcurl easy handle: connect (plain, STARTTLS or implicit TLS),
/// AUTH when a user name is set, MAIL FROM, RCPT TO, DATA with the message, QUIT. The only type
/// that calls libcurl. `perform()` blocks: call it off Swift's cooperative pool (`SMTPClient` does).
struct CurlSMTPTransfer {
    static let globalInit: Void = { _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    let configuration: SMTPConfiguration
    let recipient: String
    let message: [UInt8]

    /// The message body libcurl pulls through the read callback.
    private final class Reader {
        let bytes: [UInt8]
        var offset = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
    }

    private static let readCallback: fm_curl_read_callback = { buffer, size, count, userdata in
        guard let buffer, let userdata else { return 0 }
        let reader = Unmanaged<Reader>.fromOpaque(userdata).takeUnretainedValue()
        let n = min(size * count, reader.bytes.count - reader.offset)
        guard n > 0 else { return 0 }
        reader.bytes.withUnsafeBufferPointer { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + reader.offset, byteCount: n)
        }
        reader.offset += n
        return n
    }

    var url: String {
        let scheme = configuration.security == .tls ? "smtps" : "smtp"
        // The EHLO name: the sender's domain.
        return "\(scheme)://\(configuration.host):\(configuration.port)/\(configuration.from.domain)"
    }

    func perform() throws(SMTPError) {
        _ = Self.globalInit
        guard let handle = curl_easy_init() else { throw SMTPError(curlCode: -1, replyCode: 0, message: "curl_easy_init failed") }
        defer { curl_easy_cleanup(handle) }
        let reader = Reader(message)
        let recipients: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, "<\(recipient)>")
        defer { curl_slist_free_all(recipients) }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }

        var setup = CURLE_OK
        func set(_ result: CURLcode) { if setup == CURLE_OK { setup = result } }
        set(fm_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        set(fm_curl_setopt_string(handle, CURLOPT_URL, url))
        set(fm_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        set(fm_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, configuration.timeoutSeconds))
        set(fm_curl_setopt_long(handle, CURLOPT_TIMEOUT, configuration.timeoutSeconds))
        set(fm_curl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(configuration.from.address)>"))
        set(fm_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients))
        set(fm_curl_setopt_long(handle, CURLOPT_UPLOAD, 1))
        set(fm_curl_setopt_long(handle, CURLOPT_INFILESIZE, message.count))
        set(fm_curl_setopt_read_function(handle, Self.readCallback))
        set(fm_curl_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(reader).toOpaque()))
        switch configuration.security {
        case .none: set(fm_curl_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_NONE.rawValue)))
        // CURLUSESSL_ALL: STARTTLS or give up — never fall back to sending the password in the clear.
        case .starttls, .tls: set(fm_curl_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)))
        }
        if let caFile = configuration.caFile { set(fm_curl_setopt_string(handle, CURLOPT_CAINFO, caFile)) }
        if let username = configuration.username {
            set(fm_curl_setopt_string(handle, CURLOPT_USERNAME, username))
            set(fm_curl_setopt_string(handle, CURLOPT_PASSWORD, configuration.password ?? ""))
        }
        guard setup == CURLE_OK else {
            throw SMTPError(curlCode: Int(setup.rawValue), replyCode: 0, message: String(cString: curl_easy_strerror(setup)))
        }

        let result = withExtendedLifetime(reader) { curl_easy_perform(handle) }
        guard result != CURLE_OK else { return }
        var reply = 0
        _ = fm_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &reply)
        let detail = String(cString: errorBuffer)
        throw SMTPError(curlCode: Int(result.rawValue), replyCode: reply,
                        message: detail.isEmpty ? String(cString: curl_easy_strerror(result)) : detail)
    }
}
