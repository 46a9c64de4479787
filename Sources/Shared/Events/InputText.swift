/// Checks on text from outside, shared by every service that takes it.
public enum InputText {
    /// Whether `text` holds a control character (Unicode category Cc: U+0000–U+001F, U+007F–U+009F).
    /// None belongs in an id, a name or a code, and PostgreSQL refuses NUL outright (SQLSTATE 22021).
    /// Read as UTF-8: Cc is the bytes 0x00–0x1F and 0x7F, and U+0080–U+009F, which is 0xC2 followed
    /// by 0x80–0x9F (0xC2 is only ever a lead byte). Every field of every registration passes here.
    public static func hasControlCharacters(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x7F || (previous == 0xC2 && (0x80...0x9F).contains(byte)) { return true }
            previous = byte
        }
        return false
    }

    /// `text` when it is free of control characters, else nil: for echoing an id that was refused.
    public static func printable(_ text: String?) -> String? {
        guard let text, !hasControlCharacters(text) else { return nil }
        return text
    }
}
