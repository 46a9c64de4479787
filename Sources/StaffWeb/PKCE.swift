import Crypto
import Foundation
import Shared

/// Proof Key for Code Exchange (RFC 7636) with S256, and the random values of a sign-in (state,
/// nonce, verifier, CSRF token): 32 bytes from the system's secure generator, base64url.
enum PKCE {
    static func randomToken(bytes count: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// BASE64URL(SHA256(ASCII(code_verifier))).
    static func challenge(for verifier: String) -> String {
        Base64URL.encode(SHA256.hash(data: Data(verifier.utf8)))
    }

    /// Whether two secrets are equal, in time independent of where they differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A return path that stays on this site: a local path, never `//host` or a full URL. Only
    /// printable ASCII is taken: browsers drop tabs and line breaks inside a URL, so `/<TAB>/evil`
    /// would become `//evil` (another host), and read `\` as `/`.
    static func safeReturnPath(_ candidate: String?) -> String {
        guard let candidate, candidate.hasPrefix("/"), !candidate.hasPrefix("//"),
              candidate.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value != 0x7F && $0 != "\\" })
        else { return "/" }
        return candidate
    }
}
