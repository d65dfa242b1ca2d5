/// A number as written in text — a CSV cell, a Markdown table, an SVG
/// coordinate — with its value and whether it is an integer literal.
///
/// Integer literals (digits only, no point or exponent) are compared exactly:
/// in results they are counts, seeds, indices and hash fragments, where a
/// difference of one is a different result, not rounding. Every other
/// literal is compared with the float64 tolerance.
struct NumberLiteral: Equatable {
    /// What kind of literal it is.
    enum Kind: Equatable {
        /// Digits with an optional sign, within Int64.
        case integer(Int64)
        /// Digits with an optional sign, beyond Int64 (compared by spelling).
        case longInteger
        /// A decimal point or exponent, or `nan` / `inf` in a CSV cell.
        case decimal
    }

    /// The literal as written.
    var spelling: String
    /// Its value (the nearest Double).
    var value: Double
    /// Integer or not.
    var kind: Kind

    /// The literal starting at `start` in `bytes`, and the index after it, or
    /// nil when no number starts there.
    ///
    /// Grammar: `[+-]? (digits [. digits] | . digits) [(e|E) [+-]? digits]`. A
    /// sign or a leading point belongs to the number only when no digit comes
    /// right before it, so `10-20` is two numbers with a dash between them and
    /// `1.2.3` reads `1.2`, `.`, `3`; a point must be followed by a digit, so
    /// the full stop in `in 2000.` is text.
    static func scan(_ bytes: [UInt8], from start: Int) -> (literal: NumberLiteral, end: Int)? {
        func isDigit(_ index: Int) -> Bool { index < bytes.count && (48...57).contains(bytes[index]) }
        let previousIsDigit = start > 0 && isDigit(start - 1)
        var index = start
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            guard !previousIsDigit, isDigit(index + 1) || (bytes.get(index + 1) == UInt8(ascii: ".") && isDigit(index + 2)) else {
                return nil
            }
            index += 1
        }
        guard isDigit(index) || (bytes[index] == UInt8(ascii: ".") && isDigit(index + 1) && !previousIsDigit) else { return nil }
        var isInteger = true
        while isDigit(index) { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "."), isDigit(index + 1) {
            isInteger = false
            index += 1
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            var exponent = index + 1
            if exponent < bytes.count, bytes[exponent] == UInt8(ascii: "-") || bytes[exponent] == UInt8(ascii: "+") { exponent += 1 }
            if isDigit(exponent) {
                isInteger = false
                index = exponent
                while isDigit(index) { index += 1 }
            }
        }
        let spelling = String(decoding: bytes[start..<index], as: UTF8.self)
        return (literal(spelling, isInteger: isInteger), index)
    }

    /// A whole CSV field read as a number: one literal spanning all of it, or
    /// `nan`, `inf`, `-inf`, `+inf`, `infinity` in any letter case (the
    /// spellings of `CSVNumber`, numpy and others). Nil for anything else.
    static func field(_ text: String) -> NumberLiteral? {
        switch text.lowercased() {
        case "nan", "+nan", "-nan": return NumberLiteral(spelling: text, value: .nan, kind: .decimal)
        case "inf", "+inf", "infinity", "+infinity": return NumberLiteral(spelling: text, value: .infinity, kind: .decimal)
        case "-inf", "-infinity": return NumberLiteral(spelling: text, value: -.infinity, kind: .decimal)
        default: break
        }
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, let (literal, end) = scan(bytes, from: 0), end == bytes.count else { return nil }
        return literal
    }

    private static func literal(_ spelling: String, isInteger: Bool) -> NumberLiteral {
        let value = Double(spelling) ?? .nan
        guard isInteger else { return NumberLiteral(spelling: spelling, value: value, kind: .decimal) }
        let integer = Int64(spelling)
        return NumberLiteral(spelling: spelling, value: value, kind: integer.map(Kind.integer) ?? .longInteger)
    }

    /// Compares `a` with the reference `b` into `statistics`: integers exactly,
    /// other numbers within `tolerance`.
    static func compare<Location>(_ a: NumberLiteral, _ b: NumberLiteral, tolerance: Tolerance,
                                  into statistics: inout DifferenceStatistics<Location>, at location: Location) {
        if a.spelling == b.spelling { return statistics.addEqual() }
        switch (a.kind, b.kind) {
        case let (.integer(x), .integer(y)):
            statistics.add(x, y, at: location)
        case (.decimal, _), (_, .decimal):
            statistics.add(a.value, b.value, tolerance: tolerance, at: location)
        default:
            // Two integer literals, at least one beyond Int64: exact by digits.
            let sameDigits = a.spelling.trimmingPrefix("+") == b.spelling.trimmingPrefix("+")
            statistics.add(a.value, b.value, tolerance: nil, at: location, forceDifferent: !sameDigits)
        }
    }
}

private extension Array where Element == UInt8 {
    /// The byte at `index`, or nil past the end.
    func get(_ index: Int) -> UInt8? { index < count ? self[index] : nil }
}
