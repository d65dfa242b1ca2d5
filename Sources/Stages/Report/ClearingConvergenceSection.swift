import Foundation
import Market
import Pipeline
import Reporting

/// How the distributed market clearing converged (DESIGN.md §13): the primal
/// residual and the consensus change (dual residual / ρ) per ADMM round —
/// median and 10–90 % band over the hours' first clearings — from the
/// `casestudy` stage's `convergence.csv` (`ClearingConvergence`), with the
/// stopping tolerances as reference lines. Present when the report parameter
/// `clearingConvergence` says so, which must agree with whether the case
/// studies cleared by ADMM (the file has rounds).
enum ClearingConvergenceSection {
    static let figureName = "clearing-convergence"
    /// Rounds are drawn while at least this share of the clearings still runs; later rounds hold too few hours for a band.
    static let minimumRunningShare = 0.1
    /// Residuals below this (kW) are drawn at it: the axis is logarithmic and a pair can agree exactly.
    static let floorKW = 1e-9

    static var outputs: [String] { ReportOutputs.figure(figureName) }

    /// The rounds of `convergence.csv`, checked against its declared columns.
    static func rounds(_ input: StageInput, stage: String) throws -> [ClearingConvergence.Round] {
        let file = "\(input.stageName)/convergence.csv"
        let csv = try CSVDocument(path: try input.reportFile("convergence.csv", reportStage: stage), file: file, stage: stage)
        guard csv.header == ClearingConvergence.columns else {
            throw StageError.malformedInput(stage: stage, file: file, problem: "header is '\(csv.header.joined(separator: ","))', expected '"
                                                + ClearingConvergence.columns.joined(separator: ",") + "'")
        }
        return try csv.rows.enumerated().map { line, fields in
            func number(_ column: Int) throws -> Double {
                guard let value = Double(fields[column]), value.isFinite, value >= 0 else {
                    throw StageError.malformedInput(stage: stage, file: file, problem: "line \(line + 2), column '\(csv.header[column])':"
                                                        + " '\(fields[column])' is not a finite number ≥ 0")
                }
                return value
            }
            let values = try (0..<fields.count).map(number)
            guard values[0] == Double(line + 1), values[1] >= 1, values[1] == values[1].rounded() else {
                throw StageError.malformedInput(stage: stage, file: file, problem: "line \(line + 2): expected round \(line + 1) with a whole number ≥ 1 of clearings")
            }
            return ClearingConvergence.Round(round: line + 1, clearings: Int(values[1]), primalKW: Array(values[2..<5]),
                                             consensusChangeKW: Array(values[5..<8]))
        }
    }

    /// The section's blocks; the caller has checked that `rounds` is not empty.
    static func blocks(_ rounds: [ClearingConvergence.Round], casesStage: String) -> [ReportDocument.Block] {
        let total = rounds[0].clearings, options = ADMMOptions()
        // Clearings that ran exactly r rounds: those running at round r less those still running at r + 1.
        let lengths = rounds.indices.flatMap { r in
            Array(repeating: Double(r + 1), count: rounds[r].clearings - (r + 1 < rounds.count ? rounds[r + 1].clearings : 0))
        }
        func roundsQuantile(_ p: Double) -> String {
            let value = SampleStatistics.quantile(sorted: lengths, p)
            return value == value.rounded() ? "\(Int(value))" : String(format: "%.1f", value)
        }
        let atLimit = rounds.count >= options.maximumRounds ? rounds[options.maximumRounds - 1].clearings : 0
        let drawn = rounds.filter { Double($0.clearings) >= minimumRunningShare * Double(total) }
        let x = drawn.map { Double($0.round) }
        func series(_ name: String, _ values: (ClearingConvergence.Round) -> [Double]) -> BandPlot.Series {
            let floored = drawn.map { values($0).map { max($0, floorKW) } }
            return BandPlot.Series(name, x: x, lower: floored.map { $0[0] }, upper: floored.map { $0[2] }, line: floored.map { $0[1] })
        }
        let figure = BandPlot(
            name: figureName, title: "ADMM clearing: residuals per round",
            caption: "The first, uncapped clearing of every hour of every case (n = \(total) clearings, `\(casesStage)`): per round, the"
                + " largest |x_seller − x_buyer| over the pairs (primal residual) and the largest change of a consensus trade (the dual"
                + " residual divided by ρ), in kW; line: median, band: 10th–90th percentile over the clearings still running. A clearing"
                + " stops once both are within the tolerances (dashed), so later rounds hold only the slower hours; rounds are drawn while"
                + " at least \(Int(minimumRunningShare * 100)) % of the clearings run. Values below \(floorKW) kW are drawn at it.",
            x: Axis("ADMM round"), y: Axis("Residual", unit: "kW", logScale: true), bandLabel: "10–90 %", lineLabel: "median",
            series: [series("primal residual") { $0.primalKW }, series("consensus change") { $0.consensusChangeKW }],
            referenceLines: [LinePlot.ReferenceLine(y: options.primalToleranceKW, label: "primal tolerance"),
                             LinePlot.ReferenceLine(y: options.consensusToleranceKW, label: "consensus tolerance")],
            size: FigureSize(width: 760, height: 440))
        let findings = "Convergence of the distributed clearing: the \(total) first clearings took a median of \(roundsQuantile(0.5))"
            + " ADMM rounds (90th percentile \(roundsQuantile(0.9)), most \(rounds.count)); \(atLimit) of them ran into the limit of"
            + " \(options.maximumRounds) rounds."
        return [.heading("Distributed clearing: convergence"), .paragraph(findings), .figure(figure)]
    }
}
