/// Reads CSV as Danish school systems export it: `;` or `,` (whichever the header uses more), an
/// optional UTF-8 byte-order mark, quoted fields with `""` escapes and line breaks inside quotes,
/// CRLF or LF line ends. Rows are returned as header → value dictionaries.
enum CSVReader {
    struct Table {
        var header: [String]
        var rows: [[String]]
    }

    static func read(_ text: String) -> Table {
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        let firstLine = body.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        let separator: Character = firstLine.filter { $0 == ";" }.count >= firstLine.filter { $0 == "," }.count ? ";" : ","
        var records = parse(body, separator: separator)
        records.removeAll { $0.count == 1 && $0[0].isEmpty }  // blank lines
        guard !records.isEmpty else { return Table(header: [], rows: []) }
        let header = records.removeFirst().map { $0.trimmingCharacters(in: .whitespaces) }
        return Table(header: header, rows: records)
    }

    private static func parse(_ text: Substring, separator: Character) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if inQuotes {
                if character == "\"" {
                    let next = text.index(after: index)
                    if next < text.endIndex && text[next] == "\"" {
                        field.append("\"")
                        index = next
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" && field.isEmpty {
                inQuotes = true
            } else if character == separator {
                record.append(field)
                field = ""
            } else if character == "\n" || character == "\r\n" || character == "\r" {
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else {
                field.append(character)
            }
            index = text.index(after: index)
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}
