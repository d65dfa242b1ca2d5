import Foundation
@testable import Reporting

/// One figure of each kind, shaped like the paper's, from fixed formulas so
/// every run draws the same thing.
enum SampleFigures {
    /// Training and validation loss per epoch on a log axis.
    static let trainingCurves: LinePlot = {
        let epochs = (1...40).map(Double.init)
        return LinePlot(name: "training-loss", title: "Training curves", caption: "Mean squared error per epoch.",
                        x: Axis("Epoch"), y: Axis("Loss", unit: "kW²", logScale: true),
                        series: [.init("train", x: epochs, y: epochs.map { 2 * exp(-$0 / 6) + 0.01 }),
                                 .init("validation", x: epochs, y: epochs.map { 2.2 * exp(-$0 / 6) + 0.02 + 0.002 * sin($0) })])
    }()

    /// Voltage over the 33 buses with the admissible band.
    static let voltageProfile = LinePlot(
        name: "voltage-profile", title: "Voltage profile, case 3",
        x: Axis("Bus"), y: Axis("Voltage", unit: "p.u."),
        series: [.init("case 3", x: (1...33).map(Double.init), y: (1...33).map { 1.0 - 0.0025 * Double(($0 - 1) % 18) })],
        referenceLines: [.init(y: 0.95, label: "V_min"), .init(y: 1.05, label: "V_max")], style: .linesPoints)

    /// Total cost per case over simulated days, with outliers in case 1.
    static let costBoxes = BoxPlot(
        name: "cost-per-case", title: "Total cost per case", categoryLabel: "Case", y: Axis("Total cost", unit: "Rs"),
        categories: [.init("1: no grid", samples: days { 5200 + 400 * sin(Double($0)) } + [7900, 2600]),
                     .init("2: feedback", samples: days { 4800 + 250 * cos(1.3 * Double($0)) }),
                     .init("case_3", samples: days { 4500 + 150 * sin(0.7 * Double($0)) })])

    /// First-submission acceptance ratio per case with its spread over days.
    static let acceptanceBars = BarChart(
        name: "acceptance", title: "Acceptance ratio", categoryLabel: "Case", y: Axis("Acceptance ratio"),
        bars: [.init("1: no grid", value: 0.62, error: 0.08), .init("2: feedback", value: 0.81, error: 0.05),
               .init("case_3", value: 0.97)])

    /// A bell-shaped input distribution (sum of three uniform-ish terms).
    static let loadHistogram = Histogram(
        name: "load-distribution", title: "Load per microgrid", x: Axis("Load", unit: "kW"),
        samples: (0..<500).map { i in
            let u = { (k: Double) in (sin(Double(i) * k) + 1) / 2 }
            return 100 * (u(12.9898) + u(78.233) + u(37.719))
        },
        binCount: 15)

    /// RMSE per split and model, one model missing a split, with asymmetric intervals.
    static let groupedBars = GroupedBarChart(
        name: "rmse", title: "RMSE per split", categoryLabel: "Split", categories: ["in_distribution", "ood load"],
        y: Axis("RMSE", unit: "kW"),
        series: [.init("transformer", values: [2, 5], intervals: [1.5...2.2, nil]), .init("ridge", values: [3, .nan])])

    /// Voltage bands along the feeder for two cases, with the lower limit.
    static let voltageBands = BandPlot(
        name: "voltage-bands", title: "Voltage along the feeder", x: Axis("Bus"), y: Axis("Voltage", unit: "p.u."),
        bandLabel: "min–max", lineLabel: "peak hour",
        series: [1.0, 2.0].map { c in
            let buses = (1...33).map(Double.init)
            let drop = buses.map { 0.003 * Double((Int($0) - 1) % 18) / c }
            return .init("case \(Int(c))", x: buses, lower: drop.map { 1 - 2 * $0 }, upper: drop.map { 1 + $0 / 4 },
                         line: drop.map { 1 - $0 })
        },
        referenceLines: [.init(y: 0.95, label: "V_min")])

    static let all: [any Figure] = [trainingCurves, voltageProfile, costBoxes, acceptanceBars, loadHistogram, groupedBars, voltageBands]

    /// The sample figure called `name`; parameterized tests take names so their output stays short.
    static func named(_ name: String) -> any Figure {
        all.first { $0.name == name }!
    }

    private static func days(_ value: (Int) -> Double) -> [Double] {
        (1...30).map(value)
    }
}
