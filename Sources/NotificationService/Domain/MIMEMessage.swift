import Crypto
import Foundation

/// A complete internet message: headers (From, To, Subject, Date, Message-ID) and a
/// multipart/alternative body with a text and an HTML part, both UTF-8 in base64, with CRLF line
/// endings as SMTP wants them. Building it is pure: the same input gives the same bytes.
struct MIMEMessage: Sendable, Equatable {
    var from: MailAddress
    var to: MailAddress
    var subject: String
    var date: Date
    /// Without angle brackets: `abc@fremmoede.example`.
    var messageID: String
    var text: String
    var html: String
    var language: String

    /// A Message-ID that is the same for one event and one recipient, so a resend after a crash
    /// carries the same id and receiving systems (and people) can recognise it as the same message.
    static func deterministicID(eventID: String, recipient: String, domain: String) -> String {
        let digest = SHA256.hash(data: Array("\(eventID)\n\(recipient.lowercased())".utf8))
        return digest.prefix(16).map { String(format: "%02x", $0) }.joined() + "@" + domain
    }

    var boundary: String {
        "=_fremmoede_" + SHA256.hash(data: Array(messageID.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    /// RFC 5322 date in UTC, e.g. `Tue, 24 Nov 2026 19:46:17 +0000`.
    static func rfc5322Date(_ date: Date) -> String { date.formatted(rfc5322) }

    /// Made once: a format style is a value, unlike a `DateFormatter` per mail.
    private static let rfc5322 = Date.VerbatimFormatStyle(
        format: "\(weekday: .abbreviated), \(day: .twoDigits) \(month: .abbreviated) \(year: .defaultDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits) +0000",
        locale: Locale(identifier: "en_US_POSIX"), timeZone: .gmt, calendar: Calendar(identifier: .gregorian))

    var rendered: String {
        let headers = [
            "From: \(HeaderEncoding.address(from))",
            "To: \(HeaderEncoding.address(to))",
            "Subject: \(HeaderEncoding.unstructured(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Language: \(language)",
            "Auto-Submitted: auto-generated",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
        ]
        var lines = headers
        lines.append("")
        lines.append("This is a multi-part message in MIME format.")
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            lines.append("--\(boundary)")
            lines.append("Content-Type: \(type); charset=UTF-8")
            lines.append("Content-Transfer-Encoding: base64")
            lines.append("")
            lines.append(contentsOf: Self.base64Lines(Self.crlf(body)))
        }
        lines.append("--\(boundary)--")
        lines.append("")
        return lines.joined(separator: "\r\n")
    }

    var bytes: [UInt8] { Array(rendered.utf8) }

    static func crlf(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
    }

    /// Base64 in lines of 76 characters (RFC 2045).
    static func base64Lines(_ text: String) -> [String] {
        let encoded = Data(text.utf8).base64EncodedString()
        var lines: [String] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[index..<end]))
            index = end
        }
        return lines
    }
}
