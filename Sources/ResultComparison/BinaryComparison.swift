/// Files that are neither HDF5 nor text (images, archives, …): equal bytes
/// or not. No tolerance applies; the first differing byte is shown.
struct BinaryComparison: FileComparison {
    func compare(_ a: String, _ b: String, name: String, tolerances: ComparisonTolerances) throws(ComparisonError) -> [ItemComparison] {
        let bytesA = try FileContents.bytes(a), bytesB = try FileContents.bytes(b)
        let detail = "\(bytesA.count) bytes"
        guard bytesA != bytesB else { return [.identical(name: name, kind: .binary, detail: detail)] }
        guard bytesA.count == bytesB.count else {
            return [.different(name: name, kind: .binary, reason: "A has \(bytesA.count) bytes, B has \(bytesB.count)")]
        }
        let differing = zip(bytesA, bytesB).count { $0 != $1 }
        let first = bytesA.indices.first { bytesA[$0] != bytesB[$0] } ?? 0
        func hex(_ bytes: [UInt8]) -> String {
            bytes[first..<min(bytes.count, first + 8)].map { String($0, radix: 16).leftPadded(to: 2) }.joined(separator: " ")
        }
        return [ItemComparison(name: name, kind: .binary, detail: detail, compared: bytesA.count, beyondTolerance: 0,
                               differing: differing, textMismatches: differing,
                               firstTextDifference: .init(location: .byte(offset: first), a: hex(bytesA), b: hex(bytesB)))]
    }
}

private extension String {
    /// The string with leading zeros up to `width` characters.
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
