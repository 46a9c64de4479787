import Foundation

/// Header values for internet mail (RFC 5322 with RFC 2047 encoded-words): ASCII text stays as it
/// is; text with other characters (æ, ø, å) becomes `=?UTF-8?B?…?=` words of at most 75
/// characters, split between whole characters, and folded onto continuation lines.
enum HeaderEncoding {
    static let maxEncodedWord = 75

    /// An unstructured header value (Subject).
    static func unstructured(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if isPlainASCII(clean) && !clean.contains("=?") { return clean }
        return encodedWords(clean).joined(separator: "\r\n ")
    }

    /// An address header value: `name <address>`, the name quoted or encoded as needed.
    static func address(_ mailbox: MailAddress) -> String {
        guard let name = mailbox.name, !name.isEmpty else { return mailbox.address }
        let clean = name.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if isPlainASCII(clean) && !clean.contains("=?") {
            let escaped = clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\" <\(mailbox.address)>"
        }
        return encodedWords(clean).joined(separator: "\r\n ") + " <\(mailbox.address)>"
    }

    static func isPlainASCII(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
    }

    /// Base64 encoded-words; each holds whole characters (a character's UTF-8 bytes are never split
    /// across words, RFC 2047 section 5) and stays within 75 characters.
    static func encodedWords(_ text: String) -> [String] {
        let prefix = "=?UTF-8?B?", suffix = "?="
        // 75 - 12 = 63 characters of base64 → at most 45 bytes (base64 in groups of 4 per 3 bytes).
        let maxBytes = (maxEncodedWord - prefix.count - suffix.count) / 4 * 3
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > maxBytes, !chunk.isEmpty {
                words.append(prefix + Data(chunk).base64EncodedString() + suffix)
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(prefix + Data(chunk).base64EncodedString() + suffix) }
        return words
    }
}
