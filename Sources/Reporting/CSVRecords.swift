/// Reading CSV text back into records: the inverse of `Table.csv()`, and
/// lenient enough for other writers (RFC 4180).
public enum CSVRecords {
    /// The records of `text`, fields as written (unquoted, `""` read as `"`).
    ///
    /// Fields are split at commas; a field that starts with a double quote may
    /// hold commas, doubled quotes and line breaks; CRLF, LF or CR ends a record
    /// and the last line break is optional. Records may differ in width —
    /// callers that need a rectangle check it. Throws `malformedCSV` naming
    /// `file` when a quoted field is not closed.
    public static func parse(_ text: String, file: String) throws(ReportingError) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false, fieldStarted = false
        var characters = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let character = pending { pending = nil; return character }
            return characters.next()
        }
        func endRecord() {
            record.append(field)
            records.append(record)
            record = []
            field = ""
            fieldStarted = false
        }
        while let character = next() {
            if quoted {
                if character == "\"" {
                    let following = next()
                    if following == "\"" { field.append("\"") } else { quoted = false; pending = following }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where !fieldStarted:
                quoted = true
                fieldStarted = true
            case ",":
                record.append(field)
                field = ""
                fieldStarted = false
            // Swift reads CRLF as one Character, so this covers both line ends.
            case "\r\n", "\n", "\r":
                endRecord()
            default:
                field.append(character)
                fieldStarted = true
            }
        }
        if quoted { throw .malformedCSV(file: file, problem: "a quoted field is not closed") }
        if fieldStarted || !record.isEmpty || !field.isEmpty { endRecord() }
        return records
    }
}
