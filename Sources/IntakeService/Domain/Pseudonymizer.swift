import Crypto
import Foundation

/// Turns a school system's pupil id (or CPR number) into the stable pseudonymous pupil key —
/// base32(HMAC-SHA256(municipality secret, normalised id)) — and encrypts the id for storage
/// (AES-GCM with a key derived from the same secret). The id itself never leaves IntakeService.
struct Pseudonymizer: Sendable {
    private let macKey: SymmetricKey
    private let encryptionKey: SymmetricKey

    init(secret: String) {
        let master = SymmetricKey(data: Data(secret.utf8))
        macKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("fremmoede pupil key".utf8), outputByteCount: 32)
        encryptionKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("fremmoede source id encryption".utf8), outputByteCount: 32)
    }

    /// Trimmed, without spaces and dashes, upper-cased: "010203-1234" and "0102031234" are one pupil.
    static func normalize(_ sourceID: String) -> String {
        String(sourceID.unicodeScalars.filter { !CharacterSet.whitespaces.contains($0) && $0 != "-" }).uppercased()
    }

    func pupilKey(sourceID: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(Self.normalize(sourceID).utf8), using: macKey)
        return Base32.encode(Array(mac))
    }

    func encrypt(sourceID: String) throws -> [UInt8] {
        Array(try AES.GCM.seal(Data(Self.normalize(sourceID).utf8), using: encryptionKey).combined!)
    }

    func decrypt(_ sealed: [UInt8]) throws -> String {
        String(decoding: try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: encryptionKey), as: UTF8.self)
    }
}

/// RFC 4648 base32, upper case, without padding.
enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: output, as: UTF8.self)
    }
}
