/// Checks on text from outside, shared by every service that takes it.
public enum InputText {
    /// Whether `text` holds a control character (Unicode category Cc: U+0000–U+001F, U+007F–U+009F).
    /// None belongs in an id, a name or a code, and PostgreSQL refuses NUL outright (SQLSTATE 22021).
    public static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// `text` when it is free of control characters, else nil: for echoing an id that was refused.
    public static func printable(_ text: String?) -> String? {
        guard let text, !hasControlCharacters(text) else { return nil }
        return text
    }
}
