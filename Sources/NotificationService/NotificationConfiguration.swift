import Foundation
import Shared

/// NotificationService's own settings (beyond the shared ones): the SMTP relay, delivery and retry
/// limits, the digest hour, the web app's address for links, and staff sign-in.
struct NotificationConfiguration: Sendable {
    var smtp: SMTPConfiguration
    var auth: AuthConfiguration
    /// Tries per e-mail before it is marked failed (permanent failure).
    var maxAttempts: Int
    /// The local hour (Europe/Copenhagen) at which daily digests (dagligt sammendrag) go out.
    var digestHour: Int
    /// The staff web app's base URL; every e-mail links into it.
    var publicBaseURL: String
    /// How long a claimed e-mail stays leased to one sender before another may take it over.
    var lease: Duration
    /// First retry delay; doubles per try, with jitter, up to `retryMaxDelay`.
    var retryBaseDelay: Duration
    var retryMaxDelay: Duration
    /// How often the sender and the reminder/digest scheduler look for work.
    var pollInterval: Duration

    init(settings: Settings) throws {
        smtp = try SMTPConfiguration(settings: settings)
        auth = try AuthConfiguration(settings: settings)
        maxAttempts = try settings.int("NOTIFY_MAX_ATTEMPTS", default: 10, range: 1...100)
        digestHour = try settings.int("NOTIFY_DIGEST_HOUR", default: 7, range: 0...23)
        // Outside development the web app's address must be given: a loopback default would put
        // dead links into every e-mail.
        let base = try settings.deploymentEnvironment() == .development
            ? settings.string("PUBLIC_BASE_URL", default: "http://127.0.0.1:8080")
            : try settings.requiredString("PUBLIC_BASE_URL")
        guard let url = URL(string: base), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw ConfigurationError(variable: "PUBLIC_BASE_URL", reason: "expected an http(s) URL, got '\(base)'")
        }
        publicBaseURL = base.hasSuffix("/") ? String(base.dropLast()) : base
        let leaseSeconds = try settings.int("NOTIFY_LEASE_SECONDS", default: 120, range: 2...86_400)
        // A lease shorter than one SMTP conversation would let a second sender take over a send in progress.
        guard leaseSeconds > smtp.timeoutSeconds else {
            throw ConfigurationError(variable: "NOTIFY_LEASE_SECONDS", reason: "must be longer than SMTP_TIMEOUT_SECONDS (\(smtp.timeoutSeconds))")
        }
        lease = .seconds(leaseSeconds)
        retryBaseDelay = .milliseconds(try settings.int("NOTIFY_RETRY_BASE_MS", default: 30_000, range: 10...3_600_000))
        retryMaxDelay = .milliseconds(try settings.int("NOTIFY_RETRY_MAX_MS", default: 3_600_000, range: 10...86_400_000))
        pollInterval = .milliseconds(try settings.int("NOTIFY_POLL_MS", default: 1_000, range: 10...60_000))
    }
}

/// Where and how e-mail is handed over: `SMTP_HOST`, `SMTP_PORT`, `SMTP_SECURITY` (none, starttls,
/// tls), `SMTP_USERNAME`, `SMTP_PASSWORD` (or `SMTP_PASSWORD_FILE`), `SMTP_FROM`,
/// `SMTP_TIMEOUT_SECONDS`, `SMTP_CA_FILE`.
struct SMTPConfiguration: Sendable {
    enum Security: String, Sendable, CaseIterable {
        /// Plain SMTP (the one-machine sink only).
        case none
        /// Upgrade with STARTTLS; refuse to go on without it.
        case starttls
        /// TLS from the first byte (SMTPS, port 465).
        case tls
    }

    var host: String
    var port: Int
    var security: Security
    var username: String?
    var password: String?
    /// The sender, `Name <address>` or a bare address.
    var from: MailAddress
    var timeoutSeconds: Int
    var caFile: String?

    init(host: String, port: Int, security: Security = .none, username: String? = nil, password: String? = nil,
         from: MailAddress, timeoutSeconds: Int = 30, caFile: String? = nil) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.from = from
        self.timeoutSeconds = timeoutSeconds
        self.caFile = caFile
    }

    init(settings: Settings) throws {
        let fromText = settings.string("SMTP_FROM", default: "Fremmøde <noreply@fremmoede.localhost>")
        guard let from = MailAddress(parsing: fromText) else {
            throw ConfigurationError(variable: "SMTP_FROM", reason: "expected 'Name <address>' or an address, got '\(fromText)'")
        }
        let security = try settings.choice("SMTP_SECURITY", default: Security.none)
        let caFile = settings.optionalString("SMTP_CA_FILE")
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw ConfigurationError(variable: "SMTP_CA_FILE", reason: "cannot read '\(caFile)'")
        }
        let username = settings.optionalString("SMTP_USERNAME")
        let password = try settings.secret("SMTP_PASSWORD")
        if username != nil && password == nil {
            throw ConfigurationError(variable: "SMTP_PASSWORD", reason: "is required when SMTP_USERNAME is set (or SMTP_PASSWORD_FILE)")
        }
        // AUTH over plain SMTP would send the relay's password in clear text.
        if username != nil && security == .none {
            throw ConfigurationError(variable: "SMTP_SECURITY", reason: "must be starttls or tls when SMTP_USERNAME is set: credentials are never sent in clear text")
        }
        self.init(
            host: settings.string("SMTP_HOST", default: "127.0.0.1"),
            port: try settings.int("SMTP_PORT", default: security == .tls ? 465 : 25, range: 1...65535),
            security: security, username: username, password: password, from: from,
            timeoutSeconds: try settings.int("SMTP_TIMEOUT_SECONDS", default: 30, range: 1...600),
            caFile: caFile)
    }
}
