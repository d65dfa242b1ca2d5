/// The caption line shared by tables and figures: `**Table 2. Title.** Caption`,
/// so both read the same in the report.
enum Caption {
    /// The bold label and title (given a full stop unless it ends in its own punctuation), then the caption text.
    static func line(label: String?, title: String, caption: String) -> String {
        let prefix = label.map { "\($0). " } ?? ""
        let sentence = title.last.map { ".!?".contains($0) } == true ? title : title + "."
        return "**\(prefix)\(sentence)**" + (caption.isEmpty ? "" : " " + caption)
    }
}
