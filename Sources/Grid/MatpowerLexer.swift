/// One token of the MATLAB subset MATPOWER case files use.
struct MatlabToken: Equatable {
    enum Kind: Equatable {
        case identifier(String)
        case number(Double)
        case string(String)
        /// `+ - * / ^ .* ./ .^ = : ( ) [ ] , ; '` and `.` (field access).
        case symbol(String)
        case newline
        case end
    }
    var kind: Kind
    var line: Int
    /// Whitespace directly before / after the token: inside `[ ]` it separates elements (`[1 -2]` has two).
    var spaceBefore: Bool
    var spaceAfter: Bool
}

/// Splits a MATLAB source into tokens: `%` comments and `...` continuations
/// vanish, newlines stay (they end statements and matrix rows).
struct MatlabLexer {
    let file: String

    func tokenize(_ text: String) throws(GridError) -> [MatlabToken] {
        let chars = Array(text.unicodeScalars)
        var tokens: [MatlabToken] = []
        var i = 0, line = 1
        var space = false
        func add(_ kind: MatlabToken.Kind) {
            if !tokens.isEmpty { tokens[tokens.count - 1].spaceAfter = space }
            tokens.append(MatlabToken(kind: kind, line: line, spaceBefore: space, spaceAfter: false))
            space = false
        }
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        func isNameStart(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" }
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\r" { space = true; i += 1; continue }
            if c == "%" {
                while i < chars.count && chars[i] != "\n" { i += 1 }
                continue
            }
            if c == "\n" { add(.newline); line += 1; i += 1; continue }
            if c == ".", i + 2 < chars.count, chars[i + 1] == ".", chars[i + 2] == "." {
                // Continuation: the rest of the line is a comment and the statement goes on.
                while i < chars.count && chars[i] != "\n" { i += 1 }
                i += 1; line += 1; space = true
                continue
            }
            if isDigit(c) || (c == "." && i + 1 < chars.count && isDigit(chars[i + 1])) {
                let start = i
                while i < chars.count && (isDigit(chars[i]) || chars[i] == ".") {
                    // `1.*x` is 1 .* x; a dot followed by an operator is not part of the number.
                    if chars[i] == ".", i + 1 < chars.count, "*/^'".unicodeScalars.contains(chars[i + 1]) { break }
                    i += 1
                }
                if i < chars.count, chars[i] == "e" || chars[i] == "E" {
                    var j = i + 1
                    if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
                    if j < chars.count, isDigit(chars[j]) {
                        i = j
                        while i < chars.count && isDigit(chars[i]) { i += 1 }
                    }
                }
                let literal = String(String.UnicodeScalarView(chars[start..<i]))
                guard let value = Double(literal) else {
                    throw .matpowerSyntax(file: file, line: line, message: "malformed number `\(literal)`")
                }
                add(.number(value))
                continue
            }
            if isNameStart(c) {
                let start = i
                while i < chars.count && (isNameStart(chars[i]) || isDigit(chars[i])) { i += 1 }
                add(.identifier(String(String.UnicodeScalarView(chars[start..<i]))))
                continue
            }
            if c == "'" {
                let transposes: Bool
                switch tokens.last?.kind {
                case .identifier?, .number?: transposes = !space
                case .symbol(let s)? where s == ")" || s == "]" || s == "'": transposes = !space
                default: transposes = false
                }
                if transposes { add(.symbol("'")); i += 1; continue }
                var j = i + 1
                var value = ""
                while true {
                    guard j < chars.count, chars[j] != "\n" else {
                        throw .matpowerSyntax(file: file, line: line, message: "unterminated string")
                    }
                    if chars[j] == "'" {
                        if j + 1 < chars.count && chars[j + 1] == "'" { value.unicodeScalars.append("'"); j += 2; continue }
                        break
                    }
                    value.unicodeScalars.append(chars[j]); j += 1
                }
                add(.string(value))
                i = j + 1
                continue
            }
            if c == ".", i + 1 < chars.count, "*/^".unicodeScalars.contains(chars[i + 1]) {
                add(.symbol("." + String(chars[i + 1]))); i += 2; continue
            }
            if "+-*/^=:()[],;.".unicodeScalars.contains(c) {
                add(.symbol(String(c))); i += 1; continue
            }
            throw .matpowerSyntax(file: file, line: line, message: "unexpected character `\(c)`")
        }
        add(.newline)
        add(.end)
        return tokens
    }
}
