/// One bar per category, optionally with an error bar, e.g. the acceptance
/// ratio per case study with its spread over days (the paper's Fig. 13).
public struct BarChart: Figure {
    /// One bar.
    public struct Bar: Sendable, Hashable {
        /// Tick label under the bar.
        public let category: String
        /// Bar height.
        public let value: Double
        /// Half-length of the error bar (e.g. one standard deviation); nil for none.
        public let error: Double?

        /// Creates a bar.
        public init(_ category: String, value: Double, error: Double? = nil) {
            self.category = category
            self.value = value
            self.error = error
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
    /// Label of the category axis, e.g. `Case`.
    public let categoryLabel: String
    /// The value axis.
    public let y: Axis
    /// Bars, left to right.
    public let bars: [Bar]

    /// Creates a bar chart.
    public init(name: String, title: String, caption: String = "", categoryLabel: String, y: Axis, bars: [Bar],
                size: FigureSize = .standard) {
        self.name = name
        self.title = title
        self.caption = caption
        self.categoryLabel = categoryLabel
        self.y = y
        self.bars = bars
        self.size = size
    }

    /// `<name>.csv`: category, position on the x axis, value, error (empty when none).
    public func dataTables() throws -> [Table] {
        try validate()
        return [try Table(
            name: name, title: title, caption: caption,
            columns: [Table.Column(categoryLabel, format: .text), Table.Column("Position", format: .integer),
                      Table.Column(y.label, unit: y.unit, format: .scientific(decimals: 6)),
                      Table.Column("Error", unit: y.unit, format: .scientific(decimals: 6))],
            rows: bars.enumerated().map { index, bar in
                [.text(bar.category), .integer(index + 1), .number(bar.value), bar.error.map(Cell.number) ?? .missing]
            })]
    }

    /// Boxes from zero (or from the data's lowest point when it is negative) and black error bars.
    public func plotCommands() throws -> [String] {
        try validate()
        let file = GnuplotText.quoted(name + ".csv")
        var elements = ["\(file) skip 1 using 2:3 with boxes lc rgb '#3465a4' notitle"]
        if bars.contains(where: { $0.error != nil }) {
            // Flat-headed vectors rather than `yerrorbars`, whose SVG puts a white disc on every bar top.
            elements.append("'' skip 1 using 2:($3-$4):(0):(2*$4) with vectors heads size screen 0.01,90 lc rgb '#000000' lw 1.2 notitle")
        }
        // Bars are read against zero, so the axis starts there unless a bar or error bar goes below it.
        let lowest = bars.map { $0.value - ($0.error ?? 0) }.min() ?? 0
        return [
            "set xlabel \(GnuplotText.quoted(categoryLabel))",
            "set ylabel \(GnuplotText.quoted(y.title))",
            y.logScale ? "set logscale y" : "unset logscale y",
            y.logScale || lowest < 0 ? "set yrange [*:*]" : "set yrange [0:*]",
            lowest < 0 ? "set xzeroaxis lt -1" : "unset xzeroaxis",
            "set xrange [0.5:\(bars.count).5]",
            GnuplotText.categoryTics(bars.map(\.category)),
            "set boxwidth 0.6 absolute",
            "set style fill solid 0.7 border -1",
            "unset key",
            "plot " + elements.joined(separator: ", \\\n     "),
        ]
    }

    private func validate() throws {
        guard !bars.isEmpty else { throw invalid("no bars to draw") }
        for bar in bars {
            guard bar.value.isFinite, bar.error.map({ $0.isFinite && $0 >= 0 }) ?? true else {
                throw invalid("bar '\(bar.category)' has value \(bar.value) and error \(bar.error.map { "\($0)" } ?? "none");"
                              + " both must be finite and the error non-negative")
            }
            if y.logScale, bar.value <= 0 {
                throw invalid("bar '\(bar.category)' has value \(bar.value) on a logarithmic axis")
            }
        }
    }
}
