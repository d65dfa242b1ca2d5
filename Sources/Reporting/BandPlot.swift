/// Shaded bands with a line through each, over a shared kind of abscissa:
/// e.g. the voltage along the feeder per case study, the band spanning the
/// lowest to the highest voltage over all hours and the line the voltage at
/// the peak hour (the paper's Fig. 14).
public struct BandPlot: Figure {
    /// One band and its line, drawn in one colour.
    public struct Series: Sendable, Hashable {
        /// Legend stem: the band reads `<name> <bandLabel>`, the line `<name> <lineLabel>`.
        public let name: String
        /// Abscissae, one per point.
        public let x: [Double]
        /// Lower edge of the band per point.
        public let lower: [Double]
        /// Upper edge of the band per point.
        public let upper: [Double]
        /// The line per point.
        public let line: [Double]

        /// Creates a series; all arrays must have one entry per point (checked when rendered).
        public init(_ name: String, x: [Double], lower: [Double], upper: [Double], line: [Double]) {
            self.name = name
            self.x = x
            self.lower = lower
            self.upper = upper
            self.line = line
        }
    }

    /// File stem of the SVG, script and CSV.
    public let name: String
    /// Title above the plot.
    public let title: String
    /// Caption text after the title in the report.
    public let caption: String
    /// Canvas size.
    public let size: FigureSize
    /// Horizontal axis.
    public let x: Axis
    /// Vertical axis.
    public let y: Axis
    /// What the band spans, e.g. `min–max`.
    public let bandLabel: String
    /// What the line is, e.g. `peak hour`.
    public let lineLabel: String
    /// Bands with their lines, in legend order.
    public let series: [Series]
    /// Dashed horizontal lines, e.g. voltage limits.
    public let referenceLines: [LinePlot.ReferenceLine]

    /// Creates a band plot.
    public init(name: String, title: String, caption: String = "", x: Axis, y: Axis, bandLabel: String, lineLabel: String,
                series: [Series], referenceLines: [LinePlot.ReferenceLine] = [], size: FigureSize = .standard) {
        self.name = name
        self.title = title
        self.caption = caption
        self.x = x
        self.y = y
        self.bandLabel = bandLabel
        self.lineLabel = lineLabel
        self.series = series
        self.referenceLines = referenceLines
        self.size = size
    }

    /// Four columns per series (x, lower, upper, line) side by side; shorter
    /// series leave their cells empty.
    public func dataTables() throws -> [Table] {
        try validate()
        let columns = series.flatMap { series in
            [Table.Column("\(series.name): \(x.label)", unit: x.unit, format: .scientific(decimals: 6)),
             Table.Column("\(series.name): \(bandLabel) lower", unit: y.unit, format: .scientific(decimals: 6)),
             Table.Column("\(series.name): \(bandLabel) upper", unit: y.unit, format: .scientific(decimals: 6)),
             Table.Column("\(series.name): \(lineLabel)", unit: y.unit, format: .scientific(decimals: 6))]
        }
        let length = series.map(\.x.count).max() ?? 0
        let rows = (0..<length).map { index in
            series.flatMap { s -> [Cell] in
                index < s.x.count ? [.number(s.x[index]), .number(s.lower[index]), .number(s.upper[index]), .number(s.line[index])]
                    : [.missing, .missing, .missing, .missing]
            }
        }
        return [try Table(name: name, title: title, caption: caption, columns: columns, rows: rows)]
    }

    /// Transparent filled bands first, so every line stays visible on top.
    public func plotCommands() throws -> [String] {
        try validate()
        let file = GnuplotText.quoted(name + ".csv")
        let colour = { (index: Int) in GroupedBarChart.palette[index % GroupedBarChart.palette.count] }
        let bands = series.enumerated().map { index, s in
            "\(index == 0 ? file : "''") skip 1 using \(4 * index + 1):\(4 * index + 2):\(4 * index + 3) with filledcurves"
                + " fs transparent solid 0.2 noborder lc rgb '\(colour(index))' title \(GnuplotText.quoted("\(s.name) \(bandLabel)"))"
        }
        let lines = series.enumerated().map { index, s in
            "'' skip 1 using \(4 * index + 1):\(4 * index + 4) with linespoints lw 1.5 pt 7 ps 0.4 lc rgb '\(colour(index))'"
                + " title \(GnuplotText.quoted("\(s.name) \(lineLabel)"))"
        }
        let references = referenceLines.map(\.plotElement)
        var commands = [
            "set xlabel \(GnuplotText.quoted(x.title))",
            "set ylabel \(GnuplotText.quoted(y.title))",
            x.logScale ? "set logscale x" : "unset logscale x",
            y.logScale ? "set logscale y" : "unset logscale y",
        ]
        // Powers of ten read better on a log axis than gnuplot's default 100.00000000.
        if y.logScale { commands.append("set format y '10^{%L}'") }
        return commands + [
            "set key outside right top",
            "plot " + (bands + lines + references).joined(separator: ", \\\n     "),
        ]
    }

    private func validate() throws {
        guard series.contains(where: { !$0.x.isEmpty }) else { throw invalid("no series with points to draw") }
        for s in series {
            guard [s.lower.count, s.upper.count, s.line.count].allSatisfy({ $0 == s.x.count }) else {
                throw invalid("series '\(s.name)' has \(s.x.count) x values but \(s.lower.count) lower, \(s.upper.count) upper"
                              + " and \(s.line.count) line values")
            }
            guard (s.x + s.lower + s.upper + s.line).allSatisfy(\.isFinite) else {
                throw invalid("series '\(s.name)' has a non-finite value")
            }
            if y.logScale, (s.lower + s.line).contains(where: { $0 <= 0 }) {
                throw invalid("series '\(s.name)' has a non-positive value on a logarithmic y axis")
            }
        }
        try LinePlot.ReferenceLine.validate(referenceLines, logScale: y.logScale, figure: self)
    }
}
