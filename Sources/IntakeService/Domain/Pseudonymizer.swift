import Crypto
import Foundation

/// Turns a school system's pupil id (or CPR number) into the stable pseudonymous pupil key —
/// base32(HMAC-SHA256(municipality secret, normalised id, and the source for an id that is not a
/// CPR number)) — and encrypts the id for storage
/// (AES-GCM with a key derived from the same secret). The id itself never leaves IntakeService.
struct Pseudonymizer: Sendable {
    /// HMAC with the key already absorbed (its pads hashed): each pupil key copies it and adds the id.
    private let macTemplate: HMAC<SHA256>
    private let encryptionKey: SymmetricKey

    init(secret: String) {
        let master = SymmetricKey(data: Data(secret.utf8))
        let macKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("fremmoede pupil key".utf8), outputByteCount: 32)
        macTemplate = HMAC<SHA256>(key: macKey)
        encryptionKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("fremmoede source id encryption".utf8), outputByteCount: 32)
    }

    /// Trimmed, without spaces and dashes, upper-cased: "010203-1234" and "0102031234" are one pupil.
    /// An ASCII id (nearly every one) is done byte by byte; CharacterSet is slow to ask per character.
    static func normalize(_ sourceID: String) -> String {
        if sourceID.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(sourceID.utf8.count)
            for byte in sourceID.utf8 where byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "-") {
                bytes.append((UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        let whitespaces = CharacterSet.whitespaces
        return String(sourceID.unicodeScalars.filter { !whitespaces.contains($0) && $0 != "-" }).uppercased()
    }

    /// A CPR number names one child whatever system sends it; any other id is a school system's own
    /// and names a pupil only within that source — two systems' `elev-1` are two children.
    func pupilKey(sourceID: String, sourceSystem: String) -> String {
        let id = Self.normalize(sourceID)
        let input = Self.isCPRShaped(id) ? id : "source\u{1F}\(sourceSystem)\u{1F}\(id)"
        var mac = macTemplate
        mac.update(data: Array(input.utf8))
        return Base32.encode(Array(mac.finalize()))
    }

    /// Ten digits whose first six are a day (01–31, or 61–91 for a substitute number) and a month
    /// (01–12): the shape of a CPR number. Sources send CPR numbers or ids of their own; an own id of
    /// exactly this shape would be taken as a CPR number.
    static func isCPRShaped(_ normalized: String) -> Bool {
        let digits = Array(normalized.utf8)
        guard digits.count == 10, digits.allSatisfy({ (48...57).contains($0) }) else { return false }
        let day = Int(digits[0] - 48) * 10 + Int(digits[1] - 48)
        let month = Int(digits[2] - 48) * 10 + Int(digits[3] - 48)
        return ((1...31).contains(day) || (61...91).contains(day)) && (1...12).contains(month)
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
