import Foundation

/// Reads an event's payload from JSON bytes, as `EventCoding`'s decoder would (dates as RFC 3339
/// within the accepted years), in one pass that indexes the document and a `Decoder` over the
/// index. Hand-written for the reason `EventJSONEncoder` is: Foundation's `JSONDecoder` took a
/// tenth of Screening's CPU decoding `attendance.ingested`. Input comes from Kafka, so nothing
/// here traps: every read is bounds-checked, nesting is limited, and what is not JSON is a
/// `DecodingError`.
public enum EventJSONDecoder {
    /// Deeper documents are refused (recursion stays far from the stack's end).
    static let maximumDepth = 64

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let document = try JSONIndex(bytes)
        return try T(from: IndexDecoder(document: document, node: 0, codingPath: []))
    }
}

/// The document's values as a flat array of nodes; an object's or array's members follow it.
struct JSONIndex {
    enum Kind: UInt8 { case object, array, string, escapedString, number, `true`, `false`, null }

    struct Node {
        var kind: Kind
        /// The bytes of a string (without quotes) or number; for an object or array, unused.
        var start: Int
        var end: Int
        /// For an object or array: how many members; for an object member's value, the key's node.
        var count: Int
        /// For an object or array: the index of the node after its last member.
        var next: Int
    }

    let bytes: [UInt8]
    private(set) var nodes: [Node] = []

    init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        nodes.reserveCapacity(32)
        var position = 0
        try parseValue(&position, depth: 0)
        skipSpace(&position)
        guard position == bytes.count else { throw Self.corrupt("unexpected text after the JSON value at byte \(position)") }
    }

    static func corrupt(_ description: String) -> DecodingError {
        .dataCorrupted(.init(codingPath: [], debugDescription: "not valid JSON: \(description)"))
    }

    private func skipSpace(_ position: inout Int) {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private mutating func parseValue(_ position: inout Int, depth: Int) throws {
        guard depth < EventJSONDecoder.maximumDepth else { throw Self.corrupt("nested deeper than \(EventJSONDecoder.maximumDepth)") }
        skipSpace(&position)
        guard position < bytes.count else { throw Self.corrupt("unexpected end") }
        switch bytes[position] {
        case UInt8(ascii: "{"): try parseContainer(&position, depth: depth, object: true)
        case UInt8(ascii: "["): try parseContainer(&position, depth: depth, object: false)
        case UInt8(ascii: "\""): try parseString(&position)
        case UInt8(ascii: "t"): try literal(&position, "true", .true)
        case UInt8(ascii: "f"): try literal(&position, "false", .false)
        case UInt8(ascii: "n"): try literal(&position, "null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber(&position)
        default: throw Self.corrupt("unexpected byte at \(position)")
        }
    }

    private mutating func literal(_ position: inout Int, _ word: StaticString, _ kind: Kind) throws {
        let length = word.utf8CodeUnitCount
        guard position + length <= bytes.count else { throw Self.corrupt("unexpected end") }
        for offset in 0..<length where bytes[position + offset] != word.utf8Start[offset] {
            throw Self.corrupt("unexpected byte at \(position + offset)")
        }
        nodes.append(Node(kind: kind, start: position, end: position + length, count: 0, next: 0))
        position += length
    }

    private mutating func parseString(_ position: inout Int) throws {
        let start = position + 1
        var index = start
        var escaped = false
        while true {
            guard index < bytes.count else { throw Self.corrupt("unterminated string") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 { throw Self.corrupt("control character in a string at \(index)") }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                index += 2
            } else {
                index += 1
            }
        }
        nodes.append(Node(kind: escaped ? .escapedString : .string, start: start, end: index, count: 0, next: 0))
        position = index + 1
    }

    private mutating func parseNumber(_ position: inout Int) throws {
        let start = position
        var index = position
        scan: while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): index += 1
            default: break scan
            }
        }
        nodes.append(Node(kind: .number, start: start, end: index, count: 0, next: 0))
        position = index
    }

    private mutating func parseContainer(_ position: inout Int, depth: Int, object: Bool) throws {
        let me = nodes.count
        nodes.append(Node(kind: object ? .object : .array, start: position, end: position, count: 0, next: 0))
        position += 1
        let close = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
        var count = 0
        skipSpace(&position)
        if position < bytes.count, bytes[position] == close {
            position += 1
        } else {
            while true {
                if object {
                    skipSpace(&position)
                    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw Self.corrupt("expected a key at \(position)") }
                    try parseString(&position)
                    skipSpace(&position)
                    guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw Self.corrupt("expected ':' at \(position)") }
                    position += 1
                }
                try parseValue(&position, depth: depth + 1)
                count += 1
                skipSpace(&position)
                guard position < bytes.count else { throw Self.corrupt("unexpected end") }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                } else if bytes[position] == close {
                    position += 1
                    break
                } else {
                    throw Self.corrupt("expected ',' or '\(Character(UnicodeScalar(close)))' at \(position)")
                }
            }
        }
        nodes[me].count = count
        nodes[me].end = position
        nodes[me].next = nodes.count
    }

    /// The node after the value at `node` (a container's `next`, else the following node).
    func after(_ node: Int) -> Int {
        let kind = nodes[node].kind
        return kind == .object || kind == .array ? nodes[node].next : node + 1
    }

    /// An object's members: (key node, value node).
    func members(_ node: Int) -> [(key: Int, value: Int)] {
        var members: [(Int, Int)] = []
        members.reserveCapacity(nodes[node].count)
        var index = node + 1
        for _ in 0..<nodes[node].count {
            members.append((index, index + 1))
            index = after(index + 1)
        }
        return members
    }

    func elements(_ node: Int) -> [Int] {
        var elements: [Int] = []
        elements.reserveCapacity(nodes[node].count)
        var index = node + 1
        for _ in 0..<nodes[node].count {
            elements.append(index)
            index = after(index)
        }
        return elements
    }

    func keyEquals(_ node: Int, _ key: String) -> Bool {
        let entry = nodes[node]
        if entry.kind == .escapedString { return (try? string(node)) == key }
        var key = key
        return key.withUTF8 { utf8 in
            guard utf8.count == entry.end - entry.start else { return false }
            for offset in 0..<utf8.count where utf8[offset] != bytes[entry.start + offset] { return false }
            return true
        }
    }

    func string(_ node: Int) throws -> String {
        let entry = nodes[node]
        guard entry.kind == .escapedString else { return String(decoding: bytes[entry.start..<entry.end], as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(entry.end - entry.start)
        var index = entry.start
        while index < entry.end {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            guard index + 1 < entry.end else { throw Self.corrupt("a string ends in a backslash") }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                var scalar = try hex4(&index, end: entry.end)
                if (0xD800..<0xDC00).contains(scalar) {
                    // A surrogate pair: the low half must follow as \uXXXX.
                    guard index + 1 < entry.end, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw Self.corrupt("a lone surrogate in a string")
                    }
                    index += 2
                    let low = try hex4(&index, end: entry.end)
                    guard (0xDC00..<0xE000).contains(low) else { throw Self.corrupt("a lone surrogate in a string") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw Self.corrupt("a lone surrogate in a string") }
                out.append(contentsOf: Array(String(Character(unicode)).utf8))
            default: throw Self.corrupt("an unknown escape in a string")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func hex4(_ index: inout Int, end: Int) throws -> UInt32 {
        guard index + 4 <= end else { throw Self.corrupt("a short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw Self.corrupt("a bad \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    func numberText(_ node: Int) -> String {
        String(decoding: bytes[nodes[node].start..<nodes[node].end], as: UTF8.self)
    }
}

struct IndexDecoder: Decoder {
    let document: JSONIndex
    let node: Int
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func mismatch<T>(_ type: T.Type, _ expected: String) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "expected \(expected)"))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard document.nodes[node].kind == .object else { throw mismatch([String: Any].self, "an object") }
        return KeyedDecodingContainer(IndexKeyedContainer<Key>(document: document, members: document.members(node), codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard document.nodes[node].kind == .array else { throw mismatch([Any].self, "an array") }
        return IndexUnkeyedContainer(document: document, elements: document.elements(node), codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { IndexSingleValue(decoder: self) }

    // The primitive reads, shared by every container.

    func decodeNil() -> Bool { document.nodes[node].kind == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        switch document.nodes[node].kind {
        case .true: return true
        case .false: return false
        default: throw mismatch(type, "true or false")
        }
    }

    func decode(_ type: String.Type) throws -> String {
        let kind = document.nodes[node].kind
        guard kind == .string || kind == .escapedString else { throw mismatch(type, "a string") }
        return try document.string(node)
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard document.nodes[node].kind == .number, let value = Double(document.numberText(node)), value.isFinite else {
            throw mismatch(type, "a number")
        }
        return value
    }

    func decodeInteger<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard document.nodes[node].kind == .number else { throw mismatch(type, "a whole number") }
        let text = document.numberText(node)
        if let value = T(text) { return value }
        // 5.0 or 1e3 is a whole number too, when it fits.
        guard let double = Double(text), double == double.rounded(), let value = T(exactly: double) else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "\(text) is not a whole number that fits \(T.self)"))
        }
        return value
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if type == Date.self {
            let text = try decode(String.self)
            guard let date = EventCoding.parseTimestamp(text), let value = date as? T else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "expected an RFC 3339 timestamp \(SchoolDate.acceptedRange)"))
            }
            return value
        }
        return try T(from: self)
    }
}

struct IndexKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let document: JSONIndex
    let members: [(key: Int, value: Int)]
    var codingPath: [any CodingKey]

    var allKeys: [Key] { members.compactMap { (try? document.string($0.key)).flatMap(Key.init(stringValue:)) } }

    private func node(_ key: Key) -> Int? {
        let name = key.stringValue
        // The last of a repeated key wins, as in Foundation.
        return members.last { document.keyEquals($0.key, name) }?.value
    }

    func contains(_ key: Key) -> Bool { node(key) != nil }

    private func decoder(_ key: Key) throws -> IndexDecoder {
        guard let node = node(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for \"\(key.stringValue)\""))
        }
        return IndexDecoder(document: document, node: node, codingPath: codingPath + [key])
    }

    private func value(_ key: Key) throws -> IndexDecoder {
        let decoder = try decoder(key)
        if decoder.decodeNil() {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: decoder.codingPath, debugDescription: "null where a value is needed"))
        }
        return decoder
    }

    func decodeNil(forKey key: Key) throws -> Bool { try decoder(key).decodeNil() }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try value(key).decode(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try value(key).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try value(key).decode(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try value(key).decode(Double.self)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try value(key).decodeInteger(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try value(key).decodeInteger(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try value(key).decodeInteger(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try value(key).decodeInteger(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try value(key).decodeInteger(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try value(key).decodeInteger(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try value(key).decodeInteger(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try value(key).decodeInteger(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try value(key).decodeInteger(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try value(key).decodeInteger(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try value(key).decode(type) }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let node = node(key), document.nodes[node].kind != .null else { return nil }
        return try IndexDecoder(document: document, node: node, codingPath: codingPath + [key]).decode(type)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let node = node(key), document.nodes[node].kind != .null else { return nil }
        return try IndexDecoder(document: document, node: node, codingPath: codingPath + [key]).decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try decoder(key).unkeyedContainer() }

    func superDecoder() throws -> any Decoder {
        guard let node = members.last(where: { document.keyEquals($0.key, "super") })?.value else {
            throw DecodingError.keyNotFound(IndexSuperKey(), .init(codingPath: codingPath, debugDescription: "no value for \"super\""))
        }
        return IndexDecoder(document: document, node: node, codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { try decoder(key) }
}

struct IndexSuperKey: CodingKey {
    var stringValue = "super"
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

struct IndexUnkeyedContainer: UnkeyedDecodingContainer {
    let document: JSONIndex
    let elements: [Int]
    var codingPath: [any CodingKey]
    var currentIndex = 0

    init(document: JSONIndex, elements: [Int], codingPath: [any CodingKey]) {
        self.document = document
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private struct IndexKey: CodingKey {
        var stringValue: String { "\(intValue ?? 0)" }
        var intValue: Int?
        init(_ index: Int) { intValue = index }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.intValue = intValue }
    }

    private mutating func next() throws -> IndexDecoder {
        guard currentIndex < elements.count else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "the array has no more elements"))
        }
        let decoder = IndexDecoder(document: document, node: elements[currentIndex], codingPath: codingPath + [IndexKey(currentIndex)])
        currentIndex += 1
        return decoder
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < elements.count, document.nodes[elements[currentIndex]].kind == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().decode(type) }
    mutating func decode(_ type: String.Type) throws -> String { try next().decode(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().decode(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { Float(try next().decode(Double.self)) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().decodeInteger(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().decodeInteger(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().decodeInteger(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().decodeInteger(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().decodeInteger(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next().decodeInteger(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().decodeInteger(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().decodeInteger(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().decodeInteger(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().decodeInteger(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

struct IndexSingleValue: SingleValueDecodingContainer {
    let decoder: IndexDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    private func value() throws -> IndexDecoder {
        if decoder.decodeNil() {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "null where a value is needed"))
        }
        return decoder
    }

    func decodeNil() -> Bool { decoder.decodeNil() }
    func decode(_ type: Bool.Type) throws -> Bool { try value().decode(type) }
    func decode(_ type: String.Type) throws -> String { try value().decode(type) }
    func decode(_ type: Double.Type) throws -> Double { try value().decode(type) }
    func decode(_ type: Float.Type) throws -> Float { Float(try value().decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { try value().decodeInteger(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try value().decodeInteger(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try value().decodeInteger(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try value().decodeInteger(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try value().decodeInteger(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try value().decodeInteger(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try value().decodeInteger(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try value().decodeInteger(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try value().decodeInteger(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try value().decodeInteger(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try value().decode(type) }
}
