/// Why a hand-over to the SMTP relay failed. Permanent when the relay refused the message itself
/// (a 5xx answer other than to the login): trying again would get the same answer. Everything else
/// — no connection, a timeout, a 4xx, a refused login, a TLS problem — may pass and is retried.
struct SMTPError: Error, CustomStringConvertible, Sendable {
    /// libcurl's result code.
    var curlCode: Int
    /// The relay's last SMTP reply code (0 when none came).
    var replyCode: Int
    var message: String

    static let loginDenied = 67

    var isPermanent: Bool { (500...599).contains(replyCode) && curlCode != Self.loginDenied }

    var description: String {
        "SMTP hand-over failed (curl \(curlCode)\(replyCode > 0 ? ", reply \(replyCode)" : "")): \(message)"
    }
}
