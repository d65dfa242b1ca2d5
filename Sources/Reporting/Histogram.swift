/// Distribution of one sample in equal-width bins, e.g. a load or PV input
/// of the generated dataset. Bins are counted here and written to the CSV,
/// so the figure and the file agree exactly.
public struct Histogram: Figure {
    /// One bin: half-open [lower, upper), except that the last bin also holds its upper edge.
    public struct Bin: Sendable, Hashable {
        /// Lower edge.
        public let lower: Double
        /// Upper edge.
        public let upper: Double
        /// Samples in the bin.
        public let count: Int
    }

    /// What the bar heights show.
    public enum Normalization: Sendable, Hashable {
        /// Samples per bin.
        case count
        /// Fraction of samples per unit of x, so the bars integrate to one and
        /// histograms of different sample sizes are comparable.
        case density
    }

    /// File stem of the SVG, script and CSV.
    public let name: String
    /// Title above the plot.
    public let title: String
    /// Caption text after the title in the report.
    public let caption: String
    /// Canvas size.
    public let size: FigureSize
    /// The sampled quantity.
    public let x: Axis
    /// Raw samples; all finite, at least one.
    public let samples: [Double]
    /// Number of equal-width bins spanning the samples' range.
    public let binCount: Int
    /// Bar heights: counts or density.
    public let normalization: Normalization

    /// Creates a histogram.
    public init(name: String, title: String, caption: String = "", x: Axis, samples: [Double], binCount: Int = 20,
                normalization: Normalization = .count, size: FigureSize = .standard) {
        self.name = name
        self.title = title
        self.caption = caption
        self.x = x
        self.samples = samples
        self.binCount = binCount
        self.normalization = normalization
        self.size = size
    }

    /// `binCount` bins from the smallest to the largest sample; when all
    /// samples are equal, one unit wide around them, so the bar is visible.
    public func bins() throws -> [Bin] {
        guard binCount > 0 else { throw invalid("bin count is \(binCount); it must be positive") }
        guard let low = samples.min(), let high = samples.max(), samples.allSatisfy(\.isFinite) else {
            throw invalid("no samples, or a non-finite one")
        }
        if x.logScale, low <= 0 { throw invalid("sample \(low) on a logarithmic axis") }
        let (start, end) = low < high ? (low, high) : (low - 0.5, high + 0.5)
        let width = (end - start) / Double(binCount)
        var counts = [Int](repeating: 0, count: binCount)
        for sample in samples {
            counts[min(binCount - 1, Int((sample - start) / width))] += 1
        }
        // Edges from the index, not by accumulating widths, so they carry no summed rounding error.
        return counts.enumerated().map { index, count in
            Bin(lower: start + Double(index) * width,
                upper: index + 1 == binCount ? end : start + Double(index + 1) * width, count: count)
        }
    }

    /// `<name>.csv`: per bin its edges, centre, count and density.
    public func dataTables() throws -> [Table] {
        let bins = try bins()
        let total = Double(samples.count)
        let edge = { (label: String) in Table.Column(label, unit: x.unit, format: .scientific(decimals: 6)) }
        return [try Table(
            name: name, title: title, caption: caption,
            columns: [edge("Bin lower"), edge("Bin upper"), edge("Bin centre"), Table.Column("Count", format: .integer),
                      Table.Column("Density", unit: x.unit.map { "1/\($0)" }, format: .scientific(decimals: 6))],
            rows: bins.map { bin in
                [.number(bin.lower), .number(bin.upper), .number((bin.lower + bin.upper) / 2), .integer(bin.count),
                 .number(Double(bin.count) / (total * (bin.upper - bin.lower)))]
            })]
    }

    /// One box per bin, as wide as the bin.
    public func plotCommands() throws -> [String] {
        _ = try bins()
        let (column, label) = normalization == .count
            ? (4, "Count")
            : (5, x.unit.map { "Density (1/\($0))" } ?? "Density")
        return [
            "set xlabel \(GnuplotText.quoted(x.title))",
            "set ylabel \(GnuplotText.quoted(label))",
            x.logScale ? "set logscale x" : "unset logscale x",
            "set yrange [0:*]",
            "set style fill solid 0.6 border -1",
            "unset key",
            "plot \(GnuplotText.quoted(name + ".csv")) skip 1 using 3:\(column):($2-$1) with boxes lc rgb '#3465a4' notitle",
        ]
    }
}
