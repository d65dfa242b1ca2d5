/// Two texts shortened to the neighbourhood of their first difference, so a
/// long line or string shows where it differs: `…the DSO accepted 3 trades…`.
enum TextSnippet {
    /// Characters kept before the first difference.
    static let before = 20
    /// Characters kept from the first difference on.
    static let after = 40

    /// `a` and `b` cut to the same window around their first differing character.
    static func around(_ a: String, _ b: String) -> (a: String, b: String) {
        let first = zip(a, b).prefix { $0 == $1 }.count
        let start = max(0, first - before)
        func cut(_ text: String) -> String {
            let characters = Array(text)
            let end = min(characters.count, first + after)
            guard start < end else { return start > 0 ? "…" : "" }
            return (start > 0 ? "…" : "") + String(characters[start..<end]) + (end < characters.count ? "…" : "")
        }
        return (cut(a), cut(b))
    }
}
