import Foundation
@testable import Shared

/// libFuzzer target: the event JSON decoder and encoder (every consumed event's data is read by
/// `EventJSONDecoder`; a message on a topic is input from outside). Nothing may trap; what
/// decodes must encode and decode back to itself once it has been written (a timestamp loses its
/// fraction of a second the first time, as with Foundation's encoder).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let registration = try? EventJSONDecoder.decode(AttendanceIngested.self, from: bytes) {
        roundTrip(registration)
    }
    if let summary = try? EventJSONDecoder.decode(AbsenceSummary.self, from: bytes) {
        roundTrip(summary)
    }
    if let value = try? EventJSONDecoder.decode(FuzzValue.self, from: bytes) {
        roundTrip(value)
    }
    return 0
}

func roundTrip<T: Codable & Equatable>(_ value: T) {
    guard let encoded = try? EventJSONEncoder.encode(value) else { return }  // e.g. a number JSON cannot hold
    guard let written = try? EventJSONDecoder.decode(T.self, from: encoded) else {
        preconditionFailure("\(T.self) written cannot be read: \(String(decoding: encoded, as: UTF8.self))")
    }
    let again = (try? EventJSONEncoder.encode(written)).flatMap { try? EventJSONDecoder.decode(T.self, from: $0) }
    precondition(again == written, "\(T.self) does not round-trip: \(String(decoding: encoded, as: UTF8.self))")
}

/// Any JSON value.
indirect enum FuzzValue: Codable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([FuzzValue]), object([String: FuzzValue])

    init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: Key.self) {
            var members: [String: FuzzValue] = [:]
            for key in object.allKeys { members[key.stringValue] = try object.decode(FuzzValue.self, forKey: key) }
            self = .object(members)
        } else if var array = try? decoder.unkeyedContainer() {
            var elements: [FuzzValue] = []
            while !array.isAtEnd { elements.append(try array.decode(FuzzValue.self)) }
            self = .array(elements)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() { self = .null }
            else if let flag = try? single.decode(Bool.self) { self = .bool(flag) }
            else if let number = try? single.decode(Double.self) { self = .number(number) }
            else { self = .string(try single.decode(String.self)) }
        }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let flag):
            var single = encoder.singleValueContainer()
            try single.encode(flag)
        case .number(let number):
            var single = encoder.singleValueContainer()
            try single.encode(number)
        case .string(let text):
            var single = encoder.singleValueContainer()
            try single.encode(text)
        case .array(let elements):
            var array = encoder.unkeyedContainer()
            for element in elements { try array.encode(element) }
        case .object(let members):
            var object = encoder.container(keyedBy: Key.self)
            for (key, value) in members { try object.encode(value, forKey: Key(stringValue: key)) }
        }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
