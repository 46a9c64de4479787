/// Counts a body's items before it is parsed, and stops counting past a limit: a 16 MiB body of
/// small items would otherwise become hundreds of MiB of Foundation objects before the item limit
/// could refuse it. Hand-written because no streaming JSON tokenizer is among the packages we may
/// use; it only counts, the real parsers still judge the syntax.
enum BatchItemCounter {
    /// The number of items, or `limit + 1` as soon as there are more than `limit`.
    /// JSON: the elements of a top-level array, or of the arrays that are values of a top-level object
    /// (`pupils`, `registrations`). NDJSON: non-blank lines. CSV: lines after the header, outside quotes.
    static func count(_ bytes: [UInt8], format: RegistrationBatch.Format, limit: Int) -> Int {
        switch format {
        case .json, .edFi: jsonItems(bytes, limit: limit)
        case .ndjson: lines(bytes, limit: limit, quoted: false, header: false)
        case .csv: lines(bytes, limit: limit, quoted: true, header: true)
        }
    }

    private static func jsonItems(_ bytes: [UInt8], limit: Int) -> Int {
        var stack: [UInt8] = []  // the open brackets
        var count = 0
        var inString = false, escaped = false
        var expectingElement = false  // just after `[` or `,` of a counted array
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): continue
            default: break
            }
            let counted = isCounted(stack)
            if expectingElement, byte != UInt8(ascii: "]") {
                count += 1
                if count > limit { return count }
            }
            expectingElement = false
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                stack.append(byte)
                expectingElement = byte == UInt8(ascii: "[") && isCounted(stack)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): _ = stack.popLast()
            case UInt8(ascii: ","): expectingElement = counted && stack.last == UInt8(ascii: "[")
            default: break
            }
        }
        return count
    }

    /// A top-level array, or an array directly inside a top-level object.
    private static func isCounted(_ stack: [UInt8]) -> Bool {
        guard stack.last == UInt8(ascii: "[") else { return false }
        return stack.count == 1 || (stack.count == 2 && stack[0] == UInt8(ascii: "{"))
    }

    private static func lines(_ bytes: [UInt8], limit: Int, quoted: Bool, header: Bool) -> Int {
        var count = header ? -1 : 0
        var inQuotes = false, blank = true
        for byte in bytes {
            if quoted, byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if byte == UInt8(ascii: "\n"), !inQuotes {
                if !blank { count += 1 }
                if count > limit { return count }
                blank = true
            } else if byte != UInt8(ascii: "\r"), byte != UInt8(ascii: " "), byte != UInt8(ascii: "\t") {
                blank = false
            }
        }
        if !blank { count += 1 }
        return max(0, count)
    }
}
