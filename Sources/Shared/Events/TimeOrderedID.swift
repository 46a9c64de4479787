import Foundation

/// UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids made one after
/// another sort together, so B-tree indexes on them grow at one end instead of everywhere.
public enum TimeOrderedID {
    public static func make(now: Date = Date()) -> UUID {
        var generator = SystemRandomNumberGenerator()
        let milliseconds = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        let random = generator.next() as UInt64
        let more = generator.next() as UInt64
        var bytes: [UInt8] = (0..<6).map { UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * UInt64($0))) }
        bytes += [UInt8(0x70 | (random & 0x0F)), UInt8(truncatingIfNeeded: random >> 8)]  // version 7
        bytes += [UInt8(0x80 | ((random >> 16) & 0x3F))]  // variant 10
        bytes += (0..<7).map { UInt8(truncatingIfNeeded: more >> (8 * UInt64($0))) }
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    public static func string(now: Date = Date()) -> String { text(make(now: now)) }

    /// `uuid` as lower-case text (`uuid.uuidString.lowercased()`): Foundation formats it with
    /// snprintf on Linux, which cost a tenth of Intake's CPU at one event id and one registration id a registration.
    public static func text(_ uuid: UUID) -> String {
        let hex = Array("0123456789abcdef".utf8)
        return withUnsafeBytes(of: uuid.uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                var position = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    out[position] = hex[Int(byte >> 4)]
                    out[position + 1] = hex[Int(byte & 0x0F)]
                    position += 2
                }
                return position
            }
        }
    }
}
