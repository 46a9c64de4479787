import Foundation

/// `attendance.ingested` is written once for every registration taken, and JSONEncoder spent a
/// quarter of Intake's CPU on it; this writes the same bytes (sorted keys, `EventCoding`'s
/// timestamps) directly. A day fraction JSONEncoder would write in exponent form takes the
/// encoder (`SharedTests.AttendanceIngestedJSONTests` holds the two to the same bytes).
extension AttendanceIngested {
    public func eventData() throws -> [UInt8] {
        guard let fraction = Self.plainNumber(dayFraction) else { return Array(try EventCoding.sharedEncoder.encode(self)) }
        var out: [UInt8] = []
        out.reserveCapacity(360)
        func key(_ name: StaticString) {
            out.append(out.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(contentsOf: "\":".utf8)
        }
        func string(_ text: String) {
            out.append(UInt8(ascii: "\""))
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
                case 0x08: out.append(contentsOf: #"\b"#.utf8)
                case 0x0C: out.append(contentsOf: #"\f"#.utf8)
                case 0x0A: out.append(contentsOf: #"\n"#.utf8)
                case 0x0D: out.append(contentsOf: #"\r"#.utf8)
                case 0x09: out.append(contentsOf: #"\t"#.utf8)
                case ..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: #"\u00"#.utf8)
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0xF)])
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
        if let absenceCategory { key("absenceCategory"); string(absenceCategory.rawValue) }
        key("date"); string(date.description)
        key("dayFraction"); out.append(contentsOf: fraction.utf8)
        key("isCorrection"); out.append(contentsOf: (isCorrection ? "true" : "false").utf8)
        if let minutesLate { key("minutesLate"); out.append(contentsOf: String(minutesLate).utf8) }
        key("period")
        switch period {
        case .day: string("day")
        case .lesson(let number): out.append(contentsOf: String(number).utf8)
        }
        key("pupilKey"); string(pupilKey)
        key("recordedAt"); string(EventCoding.formatTimestamp(recordedAt))
        key("registrationId"); string(registrationId)
        if let replacesRegistrationId { key("replacesRegistrationId"); string(replacesRegistrationId) }
        key("schoolId"); string(schoolId)
        key("sourceSystem"); string(sourceSystem)
        key("status"); string(status.rawValue)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// How JSONEncoder writes a share of a day (0 < value ≤ 1): 1 as `1`, else Swift's shortest
    /// round-trip digits when they have no exponent; nil for anything else.
    static func plainNumber(_ value: Double) -> String? {
        guard value > 0, value <= 1 else { return nil }
        if value == 1 { return "1" }
        let text = value.description
        return text.utf8.contains(UInt8(ascii: "e")) ? nil : text
    }
}
