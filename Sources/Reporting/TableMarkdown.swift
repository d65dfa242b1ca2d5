extension Table {
    /// GitHub Markdown: a caption line, a blank line, then the table with every
    /// column padded to one width — numbers right-aligned so their decimal
    /// points line up in the raw file as well as on GitHub.
    ///
    /// Cells are Markdown: `|` and line breaks are escaped so the table keeps
    /// its shape; other markup (emphasis, code) is left for the author to use.
    ///
    /// - Parameter label: prefix of the caption, e.g. `Table 2`; the report numbers its tables.
    public func markdown(label: String? = nil) -> String {
        let header = columns.map { Self.escape($0.header) }
        let body = rows.map { row in zip(row, columns).map { Self.escape($1.format.display($0)) } }
        let widths = columns.indices.map { index in
            max(3, ([header[index]] + body.map { $0[index] }).map(\.count).max() ?? 0)
        }

        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { index, text in
                let padding = String(repeating: " ", count: widths[index] - text.count)
                return columns[index].format.isNumeric ? padding + text : text + padding
            }
            return "| " + padded.joined(separator: " | ") + " |"
        }
        let rule = "| " + columns.indices.map { index in
            columns[index].format.isNumeric
                ? String(repeating: "-", count: widths[index] - 1) + ":"
                : ":" + String(repeating: "-", count: widths[index] - 1)
        }.joined(separator: " | ") + " |"

        let captionLine = Caption.line(label: label, title: title, caption: caption)
        return ([captionLine, "", line(header), rule] + body.map(line)).joined(separator: "\n") + "\n"
    }

    /// A cell's text made safe inside a Markdown table row: a `|` would end the cell, a newline the row.
    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
            .split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).joined(separator: " ")
    }
}
