import Foundation
import HDF5Store
import Pipeline
import Reporting

/// Report section 1: the generated data (DESIGN.md §5) — file sizes, OPF
/// status counts, how often and how much the DSO curtailed, the scenario
/// input distributions (paper Fig. 8) and the correlation of the token
/// inputs with the target (paper Table III).
enum DatasetSection {
    /// One input distribution drawn as a histogram of the in-distribution file.
    struct InputHistogram {
        let name: String
        let dataset: String
        let axis: Axis
    }

    /// The scenario draws of paper Fig. 8, as stored under `/params`.
    static let histograms = [
        InputHistogram(name: "input-load-scale", dataset: "/params/load_scale", axis: Axis("Network load scale")),
        InputHistogram(name: "input-power-factor", dataset: "/params/power_factor", axis: Axis("MG power factor")),
        InputHistogram(name: "input-solar-uncertainty", dataset: "/params/solar_uncertainty_percent",
                       axis: Axis("Solar uncertainty", unit: "%")),
        InputHistogram(name: "input-c-ls", dataset: "/params/c_ls", axis: Axis("Load-shedding price c_ls", unit: "Rs/kW²")),
        InputHistogram(name: "input-lambda-corr", dataset: "/params/lambda_corr",
                       axis: Axis("Trade-correction price λ_corr", unit: "Rs/kW²")),
    ]

    /// The token inputs of paper Table III and the target, by their names in the dataset.
    static let correlationFeatures = ["P_load_n", "pf", "P_net_n", "c_ls", "lambda_corr"]
    static let correlationTarget = "P_acc_n"

    /// Declared outputs of this section.
    static var outputs: [String] {
        ["dataset-files", "dataset-status", "dataset-curtailment", "input-correlation"].map(ReportOutputs.table)
            + histograms.flatMap { ReportOutputs.figure($0.name) }
    }

    /// The section's blocks from the `generate` stage's files.
    static func blocks(_ input: StageInput, stage: String) throws -> [ReportDocument.Block] {
        let names = ["dataset.h5"] + input.files.keys.filter { $0.hasPrefix("ood-") && $0.hasSuffix(".h5") }.sorted()
        let summaries = try names.map { name in
            try DatasetFileSummary(path: try input.reportFile(name, reportStage: stage), file: "\(input.stageName)/\(name)", stage: stage)
        }
        let inDistribution = summaries[0]
        var blocks: [ReportDocument.Block] = [
            .heading("Dataset"),
            .paragraph("Stage `\(input.stageName)` generated \(inDistribution.samples) in-distribution samples on \(inDistribution.system)"
                       + " with \(inDistribution.microgrids) microgrids and \(inDistribution.features) features per microgrid"
                       + (summaries.count > 1 ? ", and \(summaries.count - 1) out-of-distribution files." : ".")
                       + " " + curtailmentFinding(summaries)),
            .table(try filesTable(summaries)),
            .table(try statusTable(summaries)),
            .table(try curtailmentTable(summaries)),
        ]
        let datasetPath = try input.reportFile("dataset.h5", reportStage: stage)
        let file = "\(input.stageName)/dataset.h5"
        for histogram in histograms {
            let samples = try readDoubles(datasetPath, histogram.dataset, file: file, stage: stage)
            blocks.append(.figure(Histogram(
                name: histogram.name, title: "Input distribution: \(histogram.axis.label)",
                caption: "In-distribution file, \(samples.count) draws" + (samples.count > inDistribution.samples ? " (every MG of every sample)" : "")
                    + "; 20 equal-width bins.",
                x: histogram.axis, samples: samples, binCount: 20)))
        }
        let (correlation, tokens) = try correlationTable(datasetPath, file: file, stage: stage)
        blocks.append(.paragraph(correlationFinding(correlation) + " Computed over \(tokens) microgrid tokens of the solved"
                                 + " in-distribution samples."))
        blocks.append(.table(correlation.table))
        return blocks
    }

    private static func readDoubles(_ path: String, _ dataset: String, file: String, stage: String) throws -> [Double] {
        do {
            let h5 = try HDF5File.openReadOnly(atPath: path)
            defer { try? h5.close() }
            return try h5.read(dataset, as: Double.self).values
        } catch {
            throw StageError.malformedInput(stage: stage, file: file, problem: "\(dataset): \(error)")
        }
    }

    private static func filesTable(_ summaries: [DatasetFileSummary]) throws -> Table {
        try Table(
            name: "dataset-files", title: "Dataset files",
            caption: "One HDF5 file per split (layout in Datasets/README.md); size as stored, deflate-compressed.",
            columns: [Table.Column("file", format: .text), Table.Column("split", format: .text), Table.Column("system", format: .text),
                      Table.Column("samples", format: .integer), Table.Column("MGs", format: .integer),
                      Table.Column("features", format: .integer), Table.Column("size", unit: "MiB", format: .fixed(decimals: 2)),
                      Table.Column("description", format: .text)],
            rows: summaries.map { s in
                [.text(s.file.split(separator: "/").last.map(String.init) ?? s.file), .text(s.split), .text(s.system),
                 .integer(s.samples), .integer(s.microgrids), .integer(s.features), .number(Double(s.bytes) / 1_048_576),
                 .text(s.splitDescription)]
            })
    }

    private static func statusTable(_ summaries: [DatasetFileSummary]) throws -> Table {
        // Every status that occurs somewhere, in code order, so the table stays narrow.
        let names = summaries[0].statusNames.filter { name in summaries.contains { ($0.statusCounts[name] ?? 0) > 0 } }
        let unknown = Set(summaries.flatMap(\.statusCounts.keys)).subtracting(summaries[0].statusNames).sorted()
        let columns = names + unknown
        return try Table(
            name: "dataset-status", title: "OPF status counts",
            caption: "Samples per DSO OPF outcome; failures are kept in the data, never dropped. Statuses that occur in no file are left out.",
            columns: [Table.Column("split", format: .text)] + columns.map { Table.Column($0, format: .integer) }
                + [Table.Column("total", format: .integer)],
            rows: summaries.map { s in
                [.text(s.split)] + columns.map { .integer(s.statusCounts[$0] ?? 0) } + [.integer(s.samples)]
            })
    }

    private static func curtailmentTable(_ summaries: [DatasetFileSummary]) throws -> Table {
        func quantile(_ sorted: [Double], _ p: Double) -> Cell {
            guard !sorted.isEmpty else { return .missing }
            return .number(SampleStatistics.quantile(sorted: sorted, p))
        }
        return try Table(
            name: "dataset-curtailment", title: "Curtailment by the DSO",
            caption: "Solved = OPF optimal or acceptable. Curtailed: some proposed trade has α < 0.999. Curtailed energy share"
                + " 1 − Σαt/Σt per solved sample that proposed any trade; quantiles interpolate linearly (type 7).",
            columns: [Table.Column("split", format: .text), Table.Column("solved", format: .integer),
                      Table.Column("accepted whole", unit: "%", format: .fixed(decimals: 1)),
                      Table.Column("curtailed", unit: "%", format: .fixed(decimals: 1)),
                      Table.Column("with trades", format: .integer),
                      Table.Column("energy curtailed mean", unit: "%", format: .fixed(decimals: 2)),
                      Table.Column("median", unit: "%", format: .fixed(decimals: 2)),
                      Table.Column("p90", unit: "%", format: .fixed(decimals: 2)),
                      Table.Column("max", unit: "%", format: .fixed(decimals: 2))],
            rows: summaries.map { s in
                let shares = s.curtailedEnergyShares.map { 100 * $0 }
                return [.text(s.split), .integer(s.solved), percent(s.accepted, of: s.solved), percent(s.curtailed, of: s.solved),
                        .integer(shares.count),
                        shares.isEmpty ? .missing : .number(shares.reduce(0, +) / Double(shares.count)),
                        quantile(shares, 0.5), quantile(shares, 0.9), shares.last.map(Cell.number) ?? .missing]
            })
    }

    private static func percent(_ part: Int, of whole: Int) -> Cell {
        whole > 0 ? .number(100 * Double(part) / Double(whole)) : .missing
    }

    private static func curtailmentFinding(_ summaries: [DatasetFileSummary]) -> String {
        func share(_ s: DatasetFileSummary) -> Double { s.solved > 0 ? 100 * Double(s.curtailed) / Double(s.solved) : 0 }
        let first = summaries[0]
        var text = String(format: "In distribution the DSO curtailed some trade in %.1f %% of the %d solved samples", share(first), first.solved)
        let failed = first.samples - first.solved
        text += failed > 0 ? " (\(failed) OPF failures kept)." : "."
        let ood = summaries.dropFirst()
        if let most = ood.max(by: { share($0) < share($1) }), let least = ood.min(by: { share($0) < share($1) }) {
            text += String(format: " Out of distribution the share ranges from %.1f %% (%@) to %.1f %% (%@).",
                           share(least), least.split, share(most), most.split)
        }
        return text
    }

    private static func correlationTable(_ path: String, file: String, stage: String) throws -> (CorrelationResult, Int) {
        let variables: [[Double]]
        do {
            let h5 = try HDF5File.openReadOnly(atPath: path)
            defer { try? h5.close() }
            let inputs = try h5.read("/inputs", as: Float.self)
            let targets = try h5.read("/targets", as: Float.self)
            let status = try h5.read("/opf/status", as: Int32.self).values
            let featureNames = try h5.stringArrayAttribute("feature_names")
            let targetNames = try h5.stringArrayAttribute("target_names")
            guard inputs.shape.count == 3, targets.shape.count == 3, inputs.shape[0] == status.count,
                  Array(targets.shape.prefix(2)) == Array(inputs.shape.prefix(2)),
                  featureNames.count == inputs.shape[2], targetNames.count == targets.shape[2] else {
                throw StageError.malformedInput(stage: stage, file: file,
                                                      problem: "/inputs \(inputs.shape), /targets \(targets.shape), /opf/status [\(status.count)]"
                                                          + " and the feature/target names disagree")
            }
            let features = try correlationFeatures.map { name -> Int in
                guard let index = featureNames.firstIndex(of: name) else {
                    throw StageError.malformedInput(stage: stage, file: file,
                                                          problem: "feature '\(name)' is not in feature_names \(featureNames)")
                }
                return index
            }
            guard let target = targetNames.firstIndex(of: correlationTarget) else {
                throw StageError.malformedInput(stage: stage, file: file,
                                                      problem: "target '\(correlationTarget)' is not in target_names \(targetNames)")
            }
            let (m, f, t) = (inputs.shape[1], inputs.shape[2], targets.shape[2])
            let solved = status.indices.filter { status[$0] == 0 || status[$0] == 1 }
            let tokens = solved.flatMap { sample in (0..<m).map { sample * m + $0 } }
            variables = features.map { feature in tokens.map { Double(inputs.values[$0 * f + feature]) } }
                + [tokens.map { Double(targets.values[$0 * t + target]) }]
        } catch let error as StageError {
            throw error
        } catch {
            throw StageError.malformedInput(stage: stage, file: file, problem: "\(error)")
        }
        let tokens = variables[0].count
        guard tokens >= 2 else {
            throw StageError.malformedInput(stage: stage, file: file, problem: "fewer than two solved microgrid tokens to correlate")
        }
        let names = correlationFeatures + [correlationTarget]
        let matrix = PearsonCorrelation.matrix(variables)
        let table = try Table(
            name: "input-correlation", title: "Pearson correlation of the inputs and the target",
            caption: "Per microgrid token (paper Table III); NaN where a variable does not vary.",
            columns: [Table.Column("variable", format: .text)] + names.map { Table.Column($0, format: .fixed(decimals: 3)) },
            rows: names.indices.map { i in [.text(names[i])] + matrix[i].map(Cell.number) })
        return (CorrelationResult(names: names, matrix: matrix, table: table), tokens)
    }

    /// The matrix with its variable names and its table.
    struct CorrelationResult {
        let names: [String]
        let matrix: [[Double]]
        let table: Table
    }

    private static func correlationFinding(_ result: CorrelationResult) -> String {
        let target = result.names.count - 1
        let inputs = (0..<target).filter { result.matrix[target][$0].isFinite }
        guard let strongest = inputs.max(by: { abs(result.matrix[target][$0]) < abs(result.matrix[target][$1]) }) else {
            return "The target \(result.names[target]) does not vary, so it correlates with no input."
        }
        return String(format: "The target %@ correlates most strongly with %@ (r = %.3f).",
                      result.names[target], result.names[strongest], result.matrix[target][strongest])
    }
}
