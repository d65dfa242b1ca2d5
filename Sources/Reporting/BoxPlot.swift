/// Box-and-whisker plot of raw samples per category, e.g. total cost per
/// case study over Monte-Carlo days (the paper's Fig. 12).
///
/// The statistics are computed here (`BoxStatistics`) and written to
/// `<name>.csv`, one row per category; outliers go to `<name>-outliers.csv`,
/// one row per outlier. gnuplot only draws them, so its own smoothing or
/// quartile rules never enter the figure.
public struct BoxPlot: Figure {
    /// One box.
    public struct Category: Sendable, Hashable {
        /// Tick label under the box.
        public let name: String
        /// Raw samples; all finite, at least one.
        public let samples: [Double]

        /// Creates a category.
        public init(_ name: String, samples: [Double]) {
            self.name = name
            self.samples = samples
        }
    }

    /// File stem of the SVG, script and CSVs.
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
    /// Boxes, left to right.
    public let categories: [Category]

    /// Creates a box plot.
    public init(name: String, title: String, caption: String = "", categoryLabel: String, y: Axis,
                categories: [Category], size: FigureSize = .standard) {
        self.name = name
        self.title = title
        self.caption = caption
        self.categoryLabel = categoryLabel
        self.y = y
        self.categories = categories
        self.size = size
    }

    /// The statistics of each category, in order; throws when a category has no usable samples.
    public func statistics() throws -> [BoxStatistics] {
        guard !categories.isEmpty else { throw invalid("no categories to draw") }
        return try categories.map { category in
            guard let statistics = BoxStatistics(samples: category.samples) else {
                throw invalid("category '\(category.name)' has no samples or a non-finite one")
            }
            if y.logScale, statistics.minimum <= 0 {
                throw invalid("category '\(category.name)' has \(statistics.minimum) on a logarithmic axis")
            }
            return statistics
        }
    }

    /// `<name>.csv`: per category its position on the x axis and its statistics;
    /// `<name>-outliers.csv`: category, position and value of each outlier.
    public func dataTables() throws -> [Table] {
        let statistics = try statistics()
        let value = { (label: String) in Table.Column(label, unit: y.unit, format: .scientific(decimals: 6)) }
        let summary = try Table(
            name: name, title: title, caption: caption,
            columns: [Table.Column(categoryLabel, format: .text), Table.Column("Position", format: .integer),
                      Table.Column("Samples", format: .integer), value("Minimum"), value("Lower whisker"),
                      value("Lower quartile"), value("Median"), value("Upper quartile"), value("Upper whisker"),
                      value("Maximum"), value("Mean"), Table.Column("Outliers", format: .integer)],
            rows: zip(categories, statistics).enumerated().map { index, pair in
                let (category, s) = pair
                return [.text(category.name), .integer(index + 1), .integer(s.count), .number(s.minimum),
                        .number(s.lowerWhisker), .number(s.lowerQuartile), .number(s.median), .number(s.upperQuartile),
                        .number(s.upperWhisker), .number(s.maximum), .number(s.mean), .integer(s.outliers.count)]
            })
        let outliers = try Table(
            name: name + "-outliers", title: title + " (outliers)",
            columns: [Table.Column(categoryLabel, format: .text), Table.Column("Position", format: .integer), value(y.label)],
            rows: zip(categories, statistics).enumerated().flatMap { index, pair in
                pair.1.outliers.map { [.text(pair.0.name), .integer(index + 1), .number($0)] as [Cell] }
            })
        return [summary, outliers]
    }

    /// Boxes as candlesticks (x:q1:lower whisker:upper whisker:q3), the median
    /// as a zero-height candlestick, outliers as open circles.
    public func plotCommands() throws -> [String] {
        let statistics = try statistics()
        let file = GnuplotText.quoted(name + ".csv")
        var elements = [
            "\(file) skip 1 using 2:6:5:9:8 with candlesticks whiskerbars 0.5 lc rgb '#3465a4' lw 1.2 notitle",
            "'' skip 1 using 2:7:7:7:7 with candlesticks lc rgb '#000000' lw 2 notitle",
        ]
        if statistics.contains(where: { !$0.outliers.isEmpty }) {
            elements.append("\(GnuplotText.quoted(name + "-outliers.csv")) skip 1 using 2:3 with points pt 6 ps 0.7 lc rgb '#000000' notitle")
        }
        return [
            "set xlabel \(GnuplotText.quoted(categoryLabel))",
            "set ylabel \(GnuplotText.quoted(y.title))",
            y.logScale ? "set logscale y" : "unset logscale y",
            "set xrange [0.5:\(categories.count).5]",
            GnuplotText.categoryTics(categories.map(\.name)),
            "set boxwidth 0.5 absolute",
            "set style fill solid 0.3 border -1",
            "unset key",
            "# Candlesticks take x:box low:whisker low:whisker high:box high; see the CSV header for the columns.",
            "plot " + elements.joined(separator: ", \\\n     "),
        ]
    }
}
