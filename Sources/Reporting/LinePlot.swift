/// Lines through x/y series: training and validation curves per epoch (often
/// with a log y axis), or a voltage profile over bus number with the
/// admissible band drawn as reference lines.
public struct LinePlot: Figure {
    /// One curve.
    public struct Series: Sendable, Hashable {
        /// Legend entry.
        public let name: String
        /// Abscissae, one per point.
        public let x: [Double]
        /// Ordinates, one per point; NaN or an infinity leaves a gap in the line.
        public let y: [Double]

        /// Creates a series; `x` and `y` must have equal length (checked when rendered).
        public init(_ name: String, x: [Double], y: [Double]) {
            self.name = name
            self.x = x
            self.y = y
        }
    }

    /// A horizontal line across the plot, e.g. the voltage limit 0.95 p.u.
    public struct ReferenceLine: Sendable, Hashable {
        /// Height on the y axis.
        public let y: Double
        /// Legend entry.
        public let label: String

        /// Creates a reference line.
        public init(y: Double, label: String) {
            self.y = y
            self.label = label
        }
    }

    /// How points are joined.
    public enum Style: String, Sendable, Hashable {
        /// Lines only (dense curves such as training losses).
        case lines
        /// Lines with a marker per point (sparse data such as one value per bus).
        case linesPoints = "linespoints"
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
    /// Curves, in legend order.
    public let series: [Series]
    /// Dashed horizontal lines, drawn after the series.
    public let referenceLines: [ReferenceLine]
    /// Line style of every series.
    public let style: Style

    /// Creates a line plot.
    public init(name: String, title: String, caption: String = "", x: Axis, y: Axis, series: [Series],
                referenceLines: [ReferenceLine] = [], style: Style = .lines, size: FigureSize = .standard) {
        self.name = name
        self.title = title
        self.caption = caption
        self.x = x
        self.y = y
        self.series = series
        self.referenceLines = referenceLines
        self.style = style
        self.size = size
    }

    /// Two columns per series (its x, its y) side by side; shorter series
    /// leave their cells empty, which gnuplot skips. One file, and each
    /// series keeps its own abscissae.
    public func dataTables() throws -> [Table] {
        try validate()
        let columns = series.flatMap { series in
            [Table.Column("\(series.name): \(x.label)", unit: x.unit, format: .scientific(decimals: 6)),
             Table.Column("\(series.name): \(y.label)", unit: y.unit, format: .scientific(decimals: 6))]
        }
        let length = series.map(\.x.count).max() ?? 0
        let rows = (0..<length).map { index in
            series.flatMap { series -> [Cell] in
                index < series.x.count ? [.number(series.x[index]), .number(series.y[index])] : [.missing, .missing]
            }
        }
        return [try Table(name: name, title: title, caption: caption, columns: columns, rows: rows)]
    }

    /// Axis labels, scales, and one `plot` element per series and reference line.
    public func plotCommands() throws -> [String] {
        try validate()
        let file = GnuplotText.quoted(name + ".csv")
        let curves = series.enumerated().map { index, series in
            "\(index == 0 ? file : "''") skip 1 using \(2 * index + 1):\(2 * index + 2) with \(style.rawValue) lw 1.5"
                + " title \(GnuplotText.quoted(series.name))"
        }
        let references = referenceLines.map(\.plotElement)
        return [
            "set xlabel \(GnuplotText.quoted(x.title))",
            "set ylabel \(GnuplotText.quoted(y.title))",
            x.logScale ? "set logscale x" : "unset logscale x",
            wholeNumberTics ? "set xtics 1" : "set xtics autofreq",
            y.logScale ? "set logscale y" : "unset logscale y",
            // Powers of ten read better on a log axis than gnuplot's default 0.000010.
            y.logScale ? "set format y '10^{%L}'" : "set format y '% h'",
            "set key outside right top",
            "plot " + (curves + references).joined(separator: ", \\\n     "),
        ]
    }

    /// Whether the abscissae are a few whole numbers (epochs of a short run),
    /// where gnuplot's automatic tics would fall between them at 0.5 steps.
    private var wholeNumberTics: Bool {
        let values = series.flatMap(\.x).filter(\.isFinite)
        guard !x.logScale, let low = values.min(), let high = values.max() else { return false }
        return high - low <= 10 && values.allSatisfy { $0 == $0.rounded() }
    }

    private func validate() throws {
        guard !series.isEmpty, series.contains(where: { !$0.x.isEmpty }) else { throw invalid("no series with points to draw") }
        for series in series {
            guard series.x.count == series.y.count else {
                throw invalid("series '\(series.name)' has \(series.x.count) x values but \(series.y.count) y values")
            }
            if x.logScale, let bad = series.x.first(where: { $0 <= 0 }) {
                throw invalid("series '\(series.name)' has x = \(bad) on a logarithmic x axis")
            }
            if y.logScale, let bad = series.y.first(where: { $0 <= 0 }) {
                throw invalid("series '\(series.name)' has y = \(bad) on a logarithmic y axis")
            }
        }
        try LinePlot.ReferenceLine.validate(referenceLines, logScale: y.logScale, figure: self)
    }
}

extension LinePlot.ReferenceLine {
    /// The dashed grey line as one element of a `plot` command.
    var plotElement: String {
        "\(CSVNumber.string(y)) with lines dashtype 2 lc rgb '#606060' title \(GnuplotText.quoted(label))"
    }

    /// Throws `figure`'s invalid-figure error for a line that cannot be drawn on its y axis.
    static func validate(_ lines: [Self], logScale: Bool, figure: any Figure) throws {
        if let bad = lines.first(where: { !$0.y.isFinite }) {
            throw figure.invalid("reference line '\(bad.label)' is at y = \(bad.y); it must be finite")
        }
        if logScale, let bad = lines.first(where: { $0.y <= 0 }) {
            throw figure.invalid("reference line '\(bad.label)' at y = \(bad.y) on a logarithmic y axis")
        }
    }
}
