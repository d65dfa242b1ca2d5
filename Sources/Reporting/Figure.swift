/// A figure of the report, described by its data and drawn by gnuplot.
///
/// A figure is data first: `dataTables()` are written as CSV beside the
/// figure, and `gnuplotScript()` reads only those files, so anyone can
/// restyle the plot by editing the saved script without rerunning the
/// pipeline. Statistics the plot shows (quartiles, bin counts) are computed
/// here and written to the CSV rather than left to gnuplot, so the numbers
/// in the figure are the numbers in the file.
public protocol Figure: Sendable {
    /// File stem: the figure writes `<name>.svg`, `<name>.gp` and `<name>.csv` (plus any further data tables).
    var name: String { get }
    /// Title drawn above the plot and used in the report's caption.
    var title: String { get }
    /// Sentence(s) after the title in the report's caption; may be empty.
    var caption: String { get }
    /// Canvas size.
    var size: FigureSize { get }
    /// The data the script plots; the first table is named `name`. Throws `ReportingError.invalidFigure`
    /// when the data cannot be drawn (no samples, a non-positive value on a log axis, …).
    func dataTables() throws -> [Table]
    /// Everything after the common preamble: axes, styles and the `plot` command.
    func plotCommands() throws -> [String]
}

extension Figure {
    /// `<name>.svg`.
    public var svgFileName: String { name + ".svg" }
    /// `<name>.gp`.
    public var scriptFileName: String { name + ".gp" }

    /// The complete gnuplot script. The output file defaults to `<name>.svg`
    /// but can be overridden with `gnuplot -e "outfile='other.svg'" <name>.gp`,
    /// which is how `GnuplotRenderer` renders to a temporary file first.
    public func gnuplotScript() throws -> String {
        try FileName.validate(svgFileName)
        let tables = try dataTables()
        let preamble = [
            "# \(title)",
            "# Written by p2pgrid (module Reporting). Data: \(tables.map(\.csvFileName).joined(separator: ", ")).",
            "# Restyle freely, then rerun in this directory: gnuplot \(scriptFileName)",
            "set encoding utf8",
            "set terminal svg size \(size.width),\(size.height) dynamic enhanced font 'sans,11'",
            "if (!exists(\"outfile\")) outfile = \(GnuplotText.quoted(svgFileName))",
            "set output outfile",
            "set datafile separator comma",
            "set title \(GnuplotText.quoted(title))",
            "set grid lc rgb '#d0d0d0'",
        ]
        return (preamble + (try plotCommands())).joined(separator: "\n") + "\n"
    }

    /// `ReportingError.invalidFigure` naming this figure's SVG.
    func invalid(_ problem: String) -> ReportingError {
        .invalidFigure(file: svgFileName, problem: problem)
    }
}
