/// One line of text split into its non-numeric skeleton and its numbers, so
/// two lines can be compared number by number: `x="61.5" y="399.3"` has the
/// skeleton `x="#" y="#"` and the numbers 61.5 and 399.3.
struct NumericTextLine {
    /// Marks where a number was in `skeleton`; text files hold no NUL bytes
    /// (a file with one is compared as binary), so it cannot be confused with text.
    static let placeholder: UInt8 = 0

    /// The line's bytes with each number replaced by `placeholder`.
    let skeleton: [UInt8]
    /// The numbers, in order.
    let numbers: [NumberLiteral]

    /// Splits `line` (without its line end) by `NumberLiteral.scan`.
    init(_ line: ArraySlice<UInt8>) {
        let bytes = Array(line)
        var skeleton: [UInt8] = []
        skeleton.reserveCapacity(bytes.count)
        var numbers: [NumberLiteral] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let mayStartNumber = (48...57).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: ".")
            if mayStartNumber, let (literal, end) = NumberLiteral.scan(bytes, from: index) {
                numbers.append(literal)
                skeleton.append(Self.placeholder)
                index = end
            } else {
                skeleton.append(byte)
                index += 1
            }
        }
        self.skeleton = skeleton
        self.numbers = numbers
    }
}
