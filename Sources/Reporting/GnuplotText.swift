/// Text as gnuplot literals. Labels come from data (case names, units such
/// as `V_min`), so they must reach the SVG as written: in a single-quoted
/// gnuplot string only `'` is special (doubled), and the enhanced-text
/// markup characters are backslash-escaped so `_` is not a subscript.
enum GnuplotText {
    /// `text` as a single-quoted gnuplot string that enhanced mode prints literally.
    static func quoted(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "'": escaped += "''"
            case "\\", "^", "_", "@", "&", "~", "{", "}": escaped += "\\" + String(character)
            case _ where character.isNewline: escaped += " "
            default: escaped.append(character)
            }
        }
        return "'" + escaped + "'"
    }

    /// `set xtics (…)` placing each category's label at positions 1, 2, …, written
    /// into the script rather than read from the CSV because gnuplot's CSV reader
    /// mishandles doubled quotes and would apply enhanced markup to the labels.
    static func categoryTics(_ categories: [String]) -> String {
        let tics = categories.enumerated().map { "\(quoted($1)) \($0 + 1)" }
        return "set xtics nomirror (" + tics.joined(separator: ", ") + ")"
    }
}
