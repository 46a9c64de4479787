import Crypto
import Foundation
import Shared

/// Seals a value into a cookie value and opens it again: JSON, encrypted and authenticated with
/// AES-256-GCM under the service's session key, the cookie's name bound in as associated data (so a
/// sealed sign-in attempt cannot be replayed as a session). A cookie that was altered, made with
/// another key or for another purpose opens as nil. During a key rotation the new key seals and the
/// older ones still open.
struct SessionSealer: Sendable {
    /// Seals new cookies (and opens them).
    let key: SymmetricKey
    /// Keys of before a rotation: they only open.
    var previousKeys: [SymmetricKey] = []

    func seal(_ value: some Encodable, purpose: String) throws -> String {
        let plain = try JSONEncoder().encode(value)
        let box = try AES.GCM.seal(plain, using: key, authenticating: Data(purpose.utf8))
        guard let combined = box.combined else { throw CryptoKitError.incorrectParameterSize }
        return Base64URL.encode(combined)
    }

    func open<T: Decodable>(_ type: T.Type, from text: String, purpose: String) -> T? {
        guard let data = Base64URL.decode(text), let box = try? AES.GCM.SealedBox(combined: data) else { return nil }
        for key in [key] + previousKeys {
            if let plain = try? AES.GCM.open(box, using: key, authenticating: Data(purpose.utf8)) {
                return try? JSONDecoder().decode(T.self, from: plain)
            }
        }
        return nil
    }
}
