import Foundation

/// Writes an event's payload as JSON straight into bytes, as `EventCoding`'s encoder would (dates
/// as RFC 3339, slashes unescaped), but with keys in declaration order. Hand-written because
/// Foundation's `JSONEncoder` first builds a tree of boxed values and sorts every object's keys:
/// encoding `absence.summary` and `attendance.ingested` took about a quarter of Screening's CPU
/// (issue 18's profile), and no JSON package among the ones this project may use writes Codable
/// values directly.
public enum EventJSONEncoder {
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let sink = JSONSink()
        try sink.value(value, codingPath: [])
        return sink.bytes
    }
}

/// The bytes written so far, and the containers still open (innermost last).
final class JSONSink {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(512) }

    func value<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        switch value {
        case let string as String: self.string(string)
        case let date as Date: self.string(RFC3339.format(date))
        // What SchoolDate's encode(to:) writes, without a container for it (absence.summary has fifteen).
        case let date as SchoolDate: self.string(date.description)
        case let number as Int: self.integer(number)
        case let number as Double: try self.double(number, codingPath: codingPath)
        case let flag as Bool: self.raw(flag ? "true" : "false")
        default:
            let frame = JSONFrame(sink: self)
            try value.encode(to: StreamingEncoder(frame: frame, codingPath: codingPath))
            frame.close()
        }
    }

    func raw(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Decimal digits, as `String(number)` gives them, without making the string.
    func integer(_ number: Int) {
        guard number != .min else { return raw(String(number)) }
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var rest = number.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        bytes[start...].reverse()
    }

    /// The coding path is made only for the error (a path per number was an allocation per number).
    func double(_ number: Double, codingPath: @autoclosure () -> [any CodingKey]) throws {
        guard number.isFinite else {
            throw EncodingError.invalidValue(number, .init(codingPath: codingPath(), debugDescription: "\(number) is not a JSON number"))
        }
        if number == number.rounded(), abs(number) < 1e15 { integer(Int(number)) } else { raw(number.description) }
    }

    func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            // Most strings need no escape: one append (each access to `bytes` is checked for exclusivity).
            guard utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                bytes.append(UInt8(ascii: "\""))
                bytes.append(contentsOf: utf8)
                bytes.append(UInt8(ascii: "\""))
                return
            }
            bytes.append(contentsOf: Self.escaped(utf8))
        }
    }

    private static func escaped(_ utf8: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(utf8.count + 8)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x00..<0x20: out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }
}

/// What one `encode(to:)` opened: a keyed container writes `{…}`, an unkeyed one `[…]`, a single
/// value nothing around it. A nested container is closed before its parent writes again.
final class JSONFrame {
    enum Kind { case none, keyed, unkeyed, single }
    let sink: JSONSink
    var kind: Kind = .none
    var count = 0
    var child: JSONFrame?

    init(sink: JSONSink) { self.sink = sink }

    func open(_ kind: Kind) {
        guard self.kind == .none else { return }
        self.kind = kind
        switch kind {
        case .keyed: sink.bytes.append(UInt8(ascii: "{"))
        case .unkeyed: sink.bytes.append(UInt8(ascii: "["))
        case .single, .none: break
        }
    }

    /// Before an element: closes a nested container still open and writes the separator.
    func element() {
        if let child {
            child.close()
            self.child = nil
        }
        if count > 0 { sink.bytes.append(UInt8(ascii: ",")) }
        count += 1
    }

    func key(_ key: any CodingKey) {
        element()
        sink.string(key.stringValue)
        sink.bytes.append(UInt8(ascii: ":"))
    }

    func close() {
        if let child {
            child.close()
            self.child = nil
        }
        switch kind {
        case .keyed: sink.bytes.append(UInt8(ascii: "}"))
        case .unkeyed: sink.bytes.append(UInt8(ascii: "]"))
        case .single: break
        case .none: sink.bytes.append(contentsOf: Array("{}".utf8))  // as JSONEncoder: a value that encodes nothing
        }
    }

    /// A container nested under the current key or element.
    func nested(_ kind: Kind) -> JSONFrame {
        let frame = JSONFrame(sink: sink)
        frame.open(kind)
        child = frame
        return frame
    }
}

struct StreamingEncoder: Encoder {
    let frame: JSONFrame
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        frame.open(.keyed)
        return KeyedEncodingContainer(KeyedStreamingContainer<Key>(frame: frame, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        frame.open(.unkeyed)
        return UnkeyedStreamingContainer(frame: frame, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        frame.open(.single)
        return SingleValueStreamingContainer(frame: frame, codingPath: codingPath)
    }
}

struct KeyedStreamingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let frame: JSONFrame
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {
        frame.key(key)
        frame.sink.raw("null")
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        frame.key(key)
        frame.sink.string(value)
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        frame.key(key)
        frame.sink.raw(value ? "true" : "false")
    }

    mutating func encode(_ value: Int, forKey key: Key) throws {
        frame.key(key)
        frame.sink.integer(value)
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        frame.key(key)
        try frame.sink.double(value, codingPath: codingPath + [key])
    }

    mutating func encode(_ value: Int8, forKey key: Key) throws {
        frame.key(key)
        frame.sink.raw(String(value))
    }

    mutating func encode(_ value: Int16, forKey key: Key) throws {
        frame.key(key)
        frame.sink.raw(String(value))
    }

    mutating func encode(_ value: Int32, forKey key: Key) throws {
        frame.key(key)
        frame.sink.raw(String(value))
    }

    mutating func encode(_ value: Int64, forKey key: Key) throws {
        frame.key(key)
        frame.sink.raw(String(value))
    }

    mutating func encode(_ value: UInt, forKey key: Key) throws {
        frame.key(key)
        frame.sink.raw(String(value))
    }

    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        frame.key(key)
        frame.sink.raw(String(value))
    }

    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        frame.key(key)
        frame.sink.raw(String(value))
    }

    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        frame.key(key)
        frame.sink.raw(String(value))
    }

    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        frame.key(key)
        frame.sink.raw(String(value))
    }

    mutating func encode(_ value: Float, forKey key: Key) throws {
        frame.key(key)
        try frame.sink.double(Double(value), codingPath: codingPath + [key])
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        frame.key(key)
        try frame.sink.value(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        frame.key(key)
        return KeyedEncodingContainer(KeyedStreamingContainer<NestedKey>(frame: frame.nested(.keyed), codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        frame.key(key)
        return UnkeyedStreamingContainer(frame: frame.nested(.unkeyed), codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        frame.key(SuperKey())
        return StreamingEncoder(frame: frame.nested(.none), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        frame.key(key)
        return StreamingEncoder(frame: frame.nested(.none), codingPath: codingPath + [key])
    }

    private struct SuperKey: CodingKey {
        var stringValue = "super"
        var intValue: Int? { nil }
        init() {}
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

struct UnkeyedStreamingContainer: UnkeyedEncodingContainer {
    let frame: JSONFrame
    var codingPath: [any CodingKey]
    var count: Int { frame.count }

    mutating func encodeNil() throws {
        frame.element()
        frame.sink.raw("null")
    }

    mutating func encode(_ value: String) throws {
        frame.element()
        frame.sink.string(value)
    }

    mutating func encode(_ value: Int) throws {
        frame.element()
        frame.sink.integer(value)
    }

    mutating func encode(_ value: Int8) throws {
        frame.element()
        frame.sink.raw(String(value))
    }

    mutating func encode(_ value: Int16) throws {
        frame.element()
        frame.sink.raw(String(value))
    }

    mutating func encode(_ value: Int32) throws {
        frame.element()
        frame.sink.raw(String(value))
    }

    mutating func encode(_ value: Int64) throws {
        frame.element()
        frame.sink.raw(String(value))
    }

    mutating func encode(_ value: UInt) throws {
        frame.element()
        frame.sink.raw(String(value))
    }

    mutating func encode(_ value: UInt8) throws {
        frame.element()
        frame.sink.raw(String(value))
    }

    mutating func encode(_ value: UInt16) throws {
        frame.element()
        frame.sink.raw(String(value))
    }

    mutating func encode(_ value: UInt32) throws {
        frame.element()
        frame.sink.raw(String(value))
    }

    mutating func encode(_ value: UInt64) throws {
        frame.element()
        frame.sink.raw(String(value))
    }

    mutating func encode(_ value: Bool) throws {
        frame.element()
        frame.sink.raw(value ? "true" : "false")
    }

    mutating func encode(_ value: Double) throws {
        frame.element()
        try frame.sink.double(value, codingPath: codingPath)
    }

    mutating func encode(_ value: Float) throws {
        frame.element()
        try frame.sink.double(Double(value), codingPath: codingPath)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        frame.element()
        try frame.sink.value(value, codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        frame.element()
        return KeyedEncodingContainer(KeyedStreamingContainer<NestedKey>(frame: frame.nested(.keyed), codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        frame.element()
        return UnkeyedStreamingContainer(frame: frame.nested(.unkeyed), codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        frame.element()
        return StreamingEncoder(frame: frame.nested(.none), codingPath: codingPath)
    }
}

struct SingleValueStreamingContainer: SingleValueEncodingContainer {
    let frame: JSONFrame
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { frame.sink.raw("null") }
    mutating func encode(_ value: String) throws { frame.sink.string(value) }
    mutating func encode(_ value: Bool) throws { frame.sink.raw(value ? "true" : "false") }
    mutating func encode(_ value: Int) throws { frame.sink.integer(value) }
    mutating func encode(_ value: Double) throws { try frame.sink.double(value, codingPath: codingPath) }
    mutating func encode(_ value: Int8) throws { frame.sink.raw(String(value)) }
    mutating func encode(_ value: Int16) throws { frame.sink.raw(String(value)) }
    mutating func encode(_ value: Int32) throws { frame.sink.raw(String(value)) }
    mutating func encode(_ value: Int64) throws { frame.sink.raw(String(value)) }
    mutating func encode(_ value: UInt) throws { frame.sink.raw(String(value)) }
    mutating func encode(_ value: UInt8) throws { frame.sink.raw(String(value)) }
    mutating func encode(_ value: UInt16) throws { frame.sink.raw(String(value)) }
    mutating func encode(_ value: UInt32) throws { frame.sink.raw(String(value)) }
    mutating func encode(_ value: UInt64) throws { frame.sink.raw(String(value)) }
    mutating func encode(_ value: Float) throws { try frame.sink.double(Double(value), codingPath: codingPath) }
    mutating func encode<T: Encodable>(_ value: T) throws { try frame.sink.value(value, codingPath: codingPath) }
}
