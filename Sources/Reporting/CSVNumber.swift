/// The one text form of a number in every CSV this module writes.
///
/// Swift's `description` of a `Double` is the shortest decimal that reads
/// back to the same bits, uses `.` whatever the locale, and never depends on
/// the platform's `printf`, so CSVs are lossless and byte-identical run to run.
/// Non-finite values are spelled out rather than left to that description so
/// the spelling is a documented contract: `nan`, `inf`, `-inf`.
enum CSVNumber {
    /// `value` as CSV text: `0.1`, `1e-05`, `-0.0`, `nan`, `inf`, `-inf`.
    static func string(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return value.description
    }
}
