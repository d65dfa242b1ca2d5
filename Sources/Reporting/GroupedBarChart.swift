import Foundation
import PortableMath

/// Bars side by side within each category, one colour per series, each bar
/// with an optional interval: e.g. RMSE per split (category) and model
/// (series), or the first-submission and energy-weighted acceptance ratio per
/// case with their 95 % intervals (the paper's Fig. 13).
///
/// Intervals are given as absolute bounds, not half-lengths, because the
/// intervals a report draws (Wilson, bootstrap) are not symmetric.
public struct GroupedBarChart: Figure {
    /// One series: a bar in every category.
    public struct Series: Sendable, Hashable {
        /// Legend entry.
        public let name: String
        /// Bar heights, one per category; NaN leaves the category without this bar.
        public let values: [Double]
        /// Interval per category as (lower, upper) bounds; nil for no interval bar.
        public let intervals: [ClosedRange<Double>?]

        /// Creates a series; `intervals` is empty for none, otherwise one entry per category.
        public init(_ name: String, values: [Double], intervals: [ClosedRange<Double>?] = []) {
            self.name = name
            self.values = values
            self.intervals = intervals.isEmpty ? Array(repeating: nil, count: values.count) : intervals
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
    /// Label of the category axis, e.g. `Split`.
    public let categoryLabel: String
    /// Tick labels, left to right.
    public let categories: [String]
    /// The value axis.
    public let y: Axis
    /// Series, in legend order; drawn left to right within a category.
    public let series: [Series]
    /// Lower end of a linear value axis, e.g. 0.5 (chance) for ROC AUC, so bars that differ in the
    /// third digit are told apart; nil starts at 0. Ignored when a value lies below it.
    public let yFloor: Double?

    /// Colours of successive series, distinguishable in print and for common colour-vision deficiencies (Okabe–Ito).
    static let palette = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"]

    /// Creates a grouped bar chart.
    public init(name: String, title: String, caption: String = "", categoryLabel: String, categories: [String], y: Axis,
                series: [Series], yFloor: Double? = nil, size: FigureSize = .standard) {
        self.name = name
        self.yFloor = yFloor
        self.title = title
        self.caption = caption
        self.categoryLabel = categoryLabel
        self.categories = categories
        self.y = y
        self.series = series
        self.size = size
    }

    /// `<name>.csv`: per category its label and position, then per series its value and interval bounds.
    public func dataTables() throws -> [Table] {
        try validate()
        let number = { (label: String) in Table.Column(label, unit: y.unit, format: .scientific(decimals: 6)) }
        let columns = [Table.Column(categoryLabel, format: .text), Table.Column("Position", format: .integer)]
            + series.flatMap { [number("\($0.name): \(y.label)"), number("\($0.name): lower"), number("\($0.name): upper")] }
        let rows = categories.indices.map { index -> [Cell] in
            [.text(categories[index]), .integer(index + 1)] + series.flatMap { series -> [Cell] in
                let value = series.values[index]
                let interval = series.intervals[index]
                return [value.isNaN ? .missing : .number(value),
                        interval.map { .number($0.lowerBound) } ?? .missing, interval.map { .number($0.upperBound) } ?? .missing]
            }
        }
        return [try Table(name: name, title: title, caption: caption, columns: columns, rows: rows)]
    }

    /// One `boxes` element per series, shifted within the category, and flat-headed
    /// vectors for the intervals of the series that have any.
    public func plotCommands() throws -> [String] {
        try validate()
        let file = GnuplotText.quoted(name + ".csv")
        let width = 0.8 / Double(series.count)
        var elements: [String] = []
        for (index, series) in series.enumerated() {
            let offset = (Double(index) - Double(self.series.count - 1) / 2) * width
            let x = "($2\(offset < 0 ? "-" : "+")\(CSVNumber.string(abs(offset))))"
            let column = 3 + 3 * index
            let colour = Self.palette[index % Self.palette.count]
            elements.append("\(elements.isEmpty ? file : "''") skip 1 using \(x):\(column) with boxes lc rgb '\(colour)'"
                            + " title \(GnuplotText.quoted(series.name))")
            if series.intervals.contains(where: { $0 != nil }) {
                // Vectors rather than `yerrorbars`, whose SVG puts a white disc on every bar top.
                elements.append("'' skip 1 using \(x):\(column + 1):(0):($\(column + 2)-$\(column + 1)) with vectors"
                                + " heads size screen 0.006,90 lc rgb '#000000' lw 1.2 notitle")
            }
        }
        let lowest = series.flatMap { series in
            zip(series.values, series.intervals).map { min($0, $1?.lowerBound ?? $0) }.filter { !$0.isNaN }
        }.min() ?? 0
        let range: String
        if y.logScale {
            // Bars on a log axis rise from its bottom; a decade of room below the smallest keeps every bar visibly tall.
            range = "set yrange [\(CSVNumber.string(Portable.pow(10, Portable.log10(lowest).rounded(.down) - 1))):*]"
        } else {
            let floor = yFloor.flatMap { $0 <= lowest ? CSVNumber.string($0) : nil } ?? "0"
            range = lowest < 0 ? "set yrange [*:*]" : "set yrange [\(floor):*]"
        }
        return [
            "set xlabel \(GnuplotText.quoted(categoryLabel))",
            "set ylabel \(GnuplotText.quoted(y.title))",
            y.logScale ? "set logscale y" : "unset logscale y",
            // Powers of ten read better on a log axis than gnuplot's default 0.000010.
            y.logScale ? "set format y '10^{%L}'" : "set format y '% h'",
            range,
            lowest < 0 ? "set xzeroaxis lt -1" : "unset xzeroaxis",
            "set xrange [0.5:\(categories.count).5]",
            GnuplotText.categoryTics(categories),
            "set boxwidth \(CSVNumber.string(width)) absolute",
            "set style fill solid 0.8 border -1",
            "set key outside right top",
            "plot " + elements.joined(separator: ", \\\n     "),
        ]
    }

    private func validate() throws {
        guard !categories.isEmpty, !series.isEmpty else { throw invalid("no categories or no series to draw") }
        for series in series {
            guard series.values.count == categories.count, series.intervals.count == categories.count else {
                throw invalid("series '\(series.name)' has \(series.values.count) values and \(series.intervals.count) intervals"
                              + " for \(categories.count) categories")
            }
            for (value, interval) in zip(series.values, series.intervals) {
                guard !value.isInfinite, interval.map({ $0.lowerBound.isFinite && $0.upperBound.isFinite }) ?? true else {
                    throw invalid("series '\(series.name)' has a non-finite value or interval bound")
                }
                if y.logScale, value <= 0 || (interval?.lowerBound ?? 1) <= 0 {
                    throw invalid("series '\(series.name)' has a non-positive value or bound on a logarithmic axis")
                }
            }
        }
        guard series.contains(where: { $0.values.contains { !$0.isNaN } }) else { throw invalid("every value is missing") }
    }
}
