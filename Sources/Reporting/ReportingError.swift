import Foundation

/// Everything that can go wrong building or writing a report. Every case
/// names the file it concerns, so a failing `report` stage tells the user
/// which table, figure or script to look at.
public enum ReportingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A row has a different number of cells than the table has columns.
    case rowWidth(file: String, row: Int, expected: Int, found: Int)
    /// A cell's kind does not fit its column's format (text in a number column, say).
    case cellKind(file: String, row: Int, column: String, expected: String, found: String)
    /// A figure's data cannot be drawn as asked (no samples, log axis with a non-positive value, …).
    case invalidFigure(file: String, problem: String)
    /// A table or figure name is not usable as a file name.
    case invalidFileName(file: String, reason: String)
    /// Two tables or figures of one report would write the same file.
    case duplicateFile(file: String)
    /// The gnuplot executable is not on `PATH` or not executable at the given path.
    case gnuplotNotFound(executable: String, script: String)
    /// gnuplot ran but exited non-zero or wrote no output.
    case gnuplotFailed(script: String, status: Int32, stderr: String)
    /// Creating, writing or renaming a file failed.
    case fileSystem(file: String, operation: String, reason: String)
    /// CSV text that cannot be split into records (a quoted field is not closed).
    case malformedCSV(file: String, problem: String)

    /// A message for the person running the pipeline.
    public var description: String {
        switch self {
        case let .rowWidth(file, row, expected, found):
            return "\(file): row \(row) has \(found) cells, but the table has \(expected) columns"
        case let .cellKind(file, row, column, expected, found):
            return "\(file): row \(row), column '\(column)' holds \(found), expected \(expected)"
        case let .invalidFigure(file, problem):
            return "\(file): \(problem)"
        case let .invalidFileName(file, reason):
            return "'\(file)' is not a usable file name: \(reason)"
        case let .duplicateFile(file):
            return "\(file): two tables or figures of the report write this file; give them distinct names"
        case let .gnuplotNotFound(executable, script):
            return "cannot render \(script): gnuplot executable '\(executable)' not found"
                + " (install Debian's gnuplot-nox, or pass its path)"
        case let .gnuplotFailed(script, status, stderr):
            let output = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            return "gnuplot failed on \(script) (exit status \(status))" + (output.isEmpty ? "" : ":\n\(output)")
        case let .fileSystem(file, operation, reason):
            return "\(file): cannot \(operation): \(reason)"
        case let .malformedCSV(file, problem):
            return "\(file) is malformed: \(problem)"
        }
    }
}
