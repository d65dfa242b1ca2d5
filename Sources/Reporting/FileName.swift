/// The rule for names that become files in a report directory. Names are
/// written by pipeline authors, so a separator or a leading dot would put a
/// file outside the report or hide it.
enum FileName {
    /// Throws unless `file` is a plain, visible file name of letters, digits, `.`, `_` and `-`.
    static func validate(_ file: String) throws {
        guard let first = file.first, first != "." else {
            throw ReportingError.invalidFileName(file: file, reason: "it is empty or starts with '.'")
        }
        let allowed = file.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
        }
        guard allowed else {
            throw ReportingError.invalidFileName(file: file, reason: "use only ASCII letters, digits, '.', '_' and '-'")
        }
    }
}
