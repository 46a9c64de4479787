import Foundation

/// A parsed request body: pupils to upsert first (optional) and registrations, each item still
/// text. Parsing fails as a whole only when the body itself is unreadable.
struct RegistrationBatch: Sendable {
    var pupils: [PupilInput] = []
    var registrations: [RegistrationInput] = []

    enum Format: String, Sendable {
        case json, ndjson, csv, edFi

        /// From a Content-Type header; nil when unsupported.
        init?(contentType: String?) {
            let type = (contentType ?? "application/json").split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? ""
            switch type {
            case "application/json", "": self = .json
            case "application/x-ndjson", "application/ndjson", "application/jsonl": self = .ndjson
            case "text/csv", "application/csv": self = .csv
            default: return nil
            }
        }
    }

    /// A body that cannot be read at all (problem+json 400).
    struct Unreadable: Error, Equatable {
        var reason: String
    }

    /// - Parameter pupilKey: the pseudonym of a pupil's source id (Ed-Fi's fallback registration id).
    /// - Parameter startTimes: the schools' start times, for Ed-Fi's `arrivalTime`.
    static func parse(_ bytes: [UInt8], format: Format, pupilKey: ((String) -> String)? = nil,
                      startTimes: SchoolStartTimes = .eight) throws(Unreadable) -> RegistrationBatch {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Unreadable(reason: "the body is not valid UTF-8 (first bad byte at offset \(firstInvalidUTF8Offset(bytes)))")
        }
        switch format {
        case .json: return try parseJSON(text)
        case .ndjson: return try parseNDJSON(text)
        case .csv: return try parseCSV(text)
        case .edFi:
            let inputs = try EdFiAttendanceMapper.registrations(fromJSON: text, pupilKey: pupilKey, startTimes: startTimes)
            return RegistrationBatch(registrations: inputs)
        }
    }

    /// `POST /v1/pupils`: an array of pupils or an object with `pupils`.
    static func parsePupils(_ bytes: [UInt8]) throws(Unreadable) -> RegistrationBatch {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw Unreadable(reason: "the body is not valid UTF-8 (first bad byte at offset \(firstInvalidUTF8Offset(bytes)))")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) else { throw Unreadable(reason: "the body is not JSON") }
        guard let list = (object as? [Any]) ?? ((object as? [String: Any])?["pupils"] as? [Any]) else {
            throw Unreadable(reason: "expected an array of pupils or an object with 'pupils'")
        }
        return RegistrationBatch(pupils: list.enumerated().map { PupilInput(index: $0.offset, fields: strings($0.element)) })
    }

    private static func parseJSON(_ text: String) throws(Unreadable) -> RegistrationBatch {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw Unreadable(reason: "the body is not JSON: \(error.localizedDescription)")
        }
        if let array = object as? [Any] {
            return RegistrationBatch(registrations: array.enumerated().map { registration(index: $0.offset, $0.element) })
        }
        guard let dictionary = object as? [String: Any] else {
            throw Unreadable(reason: "expected an array of registrations or an object with 'registrations' (and optionally 'pupils')")
        }
        let registrations = dictionary["registrations"] as? [Any] ?? []
        let pupils = dictionary["pupils"] as? [Any] ?? []
        guard dictionary["registrations"] is [Any] || dictionary["pupils"] is [Any] else {
            throw Unreadable(reason: "the object has neither a 'registrations' nor a 'pupils' array")
        }
        return RegistrationBatch(
            pupils: pupils.enumerated().map { PupilInput(index: $0.offset, fields: strings($0.element)) },
            registrations: registrations.enumerated().map { registration(index: $0.offset, $0.element) })
    }

    private static func parseNDJSON(_ text: String) throws(Unreadable) -> RegistrationBatch {
        var inputs: [RegistrationInput] = []
        for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() where !line.allSatisfy(\.isWhitespace) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)), object is [String: Any] else {
                // One bad line is that item's error, not the whole batch's.
                var input = RegistrationInput(index: inputs.count, fields: [:])
                input.unreadable = "line \(number + 1) is not a JSON object"
                inputs.append(input)
                continue
            }
            inputs.append(registration(index: inputs.count, object))
        }
        return RegistrationBatch(registrations: inputs)
    }

    private static func parseCSV(_ text: String) throws(Unreadable) -> RegistrationBatch {
        let table = CSVReader.read(text)
        guard !table.header.isEmpty else { throw Unreadable(reason: "the CSV has no header line") }
        let columns = table.header.map(canonicalField)
        guard columns.contains("sourceRegistrationId") || columns.contains("pupilSourceId") else {
            throw Unreadable(reason: "the CSV header names none of the registration fields (\(RegistrationInput.fieldNames.joined(separator: ", ")))")
        }
        let inputs = table.rows.enumerated().map { index, row in
            var fields: [String: String] = [:]
            for (column, value) in zip(columns, row) { fields[column] = value }
            return RegistrationInput(index: index, fields: fields)
        }
        return RegistrationBatch(registrations: inputs)
    }

    /// `source_registration_id`, `SourceRegistrationID` and `sourceRegistrationId` are one column.
    static func canonicalField(_ header: String) -> String {
        let squashed = header.replacingOccurrences(of: "_", with: "").replacingOccurrences(of: "-", with: "").lowercased()
        return RegistrationInput.fieldNames.first { $0.lowercased() == squashed } ?? header
    }

    static func registration(index: Int, _ object: Any) -> RegistrationInput {
        var input = RegistrationInput(index: index, fields: strings(object))
        if !(object is [String: Any]) { input.unreadable = "item \(index) is not a JSON object" }
        return input
    }

    /// A JSON object's scalar values as text (numbers without a trailing ".0").
    static func strings(_ object: Any) -> [String: String] {
        guard let dictionary = object as? [String: Any] else { return [:] }
        var fields: [String: String] = [:]
        for (key, value) in dictionary {
            switch value {
            case let text as String: fields[key] = text
            case let number as NSNumber where String(cString: number.objCType) == "c":
                fields[key] = number.boolValue ? "true" : "false"  // a JSON boolean, not the number 1
            case let number as NSNumber:
                fields[key] = number.doubleValue == number.doubleValue.rounded() && abs(number.doubleValue) < 1e15
                    ? String(number.int64Value) : number.stringValue
            default: break
            }
        }
        return fields
    }

    private static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            offset += UTF8.width(scalar)
        }
        return offset
    }
}
