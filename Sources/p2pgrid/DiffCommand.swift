import ArgumentParser
import Foundation
import ResultComparison

/// `p2pgrid diff A B`: two result files or folders compared value by value
/// within a tolerance, for results that cannot be byte-identical (another
/// architecture, another HDF5, BLAS or Ipopt build). Exit status: 0 within
/// tolerance, 1 beyond tolerance or structurally different, 2 bad input.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two result files or folders value by value within a tolerance: HDF5 datasets and checkpoints, report tables, Markdown and figures.",
        discussion: """
        A and B are two files or two folders. HDF5 files (datasets, checkpoints, any HDF5) are walked \
        dataset by dataset and attribute by attribute: one missing on one side, or of another type or \
        shape, is a difference; values are compared element by element. Folders (e.g. Reports/paper) are \
        compared file by file, paired by relative path, hidden files skipped: CSV cell by cell (the header \
        must be equal); Markdown, SVG, JSON and other text line by line (the text between the numbers must \
        be equal, the numbers are compared); HDF5 files as above; other files byte by byte.

        Floating-point numbers a (from A) and b (from B, the reference) agree when \
        |a − b| ≤ atol + rtol·|b| (numpy.isclose; NaN equals NaN, an infinity only the same infinity). \
        Defaults: float64 values and numbers in text rtol 1e-6, atol 1e-9 (the OPF is solved to 1e-9, \
        so a result another BLAS or Ipopt build reaches moves by about that much; more is a different \
        solution); float32 values rtol 1e-5, atol 1e-6 (about 100 float32 ulps, 10 ulps of a value of \
        order one). --rtol and --atol replace the default for every precision. Integers (integer datasets \
        and attributes; numbers written without a point or exponent in text) and strings are compared \
        exactly: a count, status code or seed does not round.

        Prints one line per item that differs, most serious first (structurally different, beyond \
        tolerance, within tolerance): values compared, how many are beyond tolerance, the largest absolute \
        and relative difference and where (multi-index, CSV row and column, or line); then the counts \
        and the verdict.

        Exit status: 0 within tolerance (identical included), 1 beyond tolerance or structurally \
        different, 2 bad input (a missing path, a file against a folder, an unreadable or damaged file).
        """
    )

    @Argument(help: "The file or folder to check.")
    var a: String

    @Argument(help: "The reference file or folder (relative differences are |a − b| / |b|).")
    var b: String

    @Option(help: "Relative tolerance for every floating-point value (default: 1e-6 for float64 and numbers in text, 1e-5 for float32).")
    var rtol: Double?

    @Option(help: "Absolute tolerance for every floating-point value (default: 1e-9 for float64 and numbers in text, 1e-6 for float32).")
    var atol: Double?

    @Flag(help: "Print the comparison as JSON (sorted keys) instead of text.")
    var json = false

    @Option(help: "Differences to list, most serious first; the rest are counted (0 lists all).")
    var maxRows = 50

    func validate() throws {
        for (name, value) in [("--rtol", rtol), ("--atol", atol)] {
            if let value, !(value.isFinite && value >= 0) {
                throw ValidationError("\(name) must be a finite number ≥ 0, got \(value)")
            }
        }
        guard maxRows >= 0 else { throw ValidationError("--max-rows must be ≥ 0 (0 lists every difference), got \(maxRows)") }
    }

    func run() throws {
        let report: ComparisonReport
        do {
            report = try PathComparison(tolerances: ComparisonTolerances(relative: rtol, absolute: atol)).compare(a, b)
        } catch {
            FileHandle.standardError.write(Data("p2pgrid diff: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        let rendering = DiffReport(report: report, maxRows: maxRows == 0 ? nil : maxRows)
        print(json ? try rendering.json() : rendering.text(), terminator: "")
        if !report.isWithinTolerance { throw ExitCode(1) }
    }
}
