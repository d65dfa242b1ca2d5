import Foundation
import HDF5Store
import Learning
import Market
@testable import Pipeline
import Reporting
import SeededRandom
@testable import Stages

/// Synthetic upstream outputs of the shapes the `report` stage reads — a
/// generate stage's HDF5 files, trained checkpoints, a validate stage's
/// predictions.h5 and the case-study stage's cases.h5 and timings.csv — and a way to run the
/// report stage on them exactly as the runner does.
struct ReportFixture {
    /// Scratch directory holding the fixture's inputs (and, by default, the reports).
    let directory: String
    /// The raw draws written to `dataset.h5`, for independent recomputation.
    let inDistribution: DatasetDraws

    static let microgrids = 4
    static let statusNames = ["optimal", "acceptable", "infeasible", "iteration_limit", "time_limit", "numerical_failure",
                              "invalid_problem", "solver_error", "market_failed"]
    static let featureNames = ["P_load_n", "pf", "P_net_n", "c_ls", "lambda_corr"]

    /// What one dataset file holds, kept in memory so tests can recompute every statistic independently.
    struct DatasetDraws {
        let samples: Int
        let status: [Int32]
        /// `[N][M][F]` features.
        let features: [[[Double]]]
        /// `[N][M]` accepted injections.
        let targets: [[Double]]
        /// `[N][K]` acceptance fractions, pairs seller-major without the diagonal.
        let alpha: [[Float]]
        /// `[N][M][M]` proposed trades, kW.
        let trades: [[[Double]]]
        let loadScale: [Double]
    }

    /// Writes every input file into a fresh scratch directory.
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("p2pgrid-report-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/models", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/accuracy", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/cases", withIntermediateDirectories: true)
        inDistribution = Self.draws(samples: 60, seed: 11)
        try Self.write(inDistribution, split: "in_distribution", to: directory + "/data/dataset.h5")
        try Self.write(Self.draws(samples: 24, seed: 12), split: "ood_load", to: directory + "/data/ood-ood_load.h5")
        for model in [ModelKind.transformer, .ridge] {
            var request = TrainingRequest()
            request.model = model
            request.epochs = 3
            request.batchSize = 16
            request.seed = 5
            request.threads = 1
            try TrainingRun.train(request, data: directory + "/data/dataset.h5", out: directory + "/models/\(model.rawValue).h5") { _ in }
        }
        try Self.writePredictions(to: directory + "/accuracy/predictions.h5")
        try Self.writeCaseFiles(Self.caseHours(), into: directory + "/cases")
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Seeded synthetic draws: a few failed and acceptable OPFs, every third sample curtailed.
    static func draws(samples: Int, seed: UInt64) -> DatasetDraws {
        var random = SeededGenerator(seed: seed)
        let m = microgrids
        var features: [[[Double]]] = [], targets: [[Double]] = [], loadScale: [Double] = []
        for _ in 0..<samples {
            let cls = random.uniform(1, 5), lambda = random.uniform(0.5, 5)
            let rows = (0..<m).map { _ in [random.uniform(5, 50), random.uniform(0.85, 1), random.uniform(-20, 20), cls, lambda] }
            features.append(rows)
            targets.append(rows.map { 0.9 * $0[2] + random.uniform(-1, 1) })
            loadScale.append(random.uniform(0.8, 1.1))
        }
        let status = (0..<samples).map { i -> Int32 in i % 12 == 5 ? 2 : (i % 12 == 7 ? 1 : 0) }
        let pairs = m * (m - 1)
        let alpha = (0..<samples).map { i in (0..<pairs).map { k -> Float in i % 3 == 0 && k == 0 ? 0.5 : 1 } }
        let trades = (0..<samples).map { (i: Int) -> [[Double]] in
            (0..<m).map { (s: Int) -> [Double] in
                (0..<m).map { (b: Int) -> Double in s == b ? 0 : Double((s + 1) * (b + 2) + i % 5) }
            }
        }
        return DatasetDraws(samples: samples, status: status, features: features, targets: targets, alpha: alpha, trades: trades,
                            loadScale: loadScale)
    }

    /// Writes `draws` in the dataset layout of Datasets/README.md.
    static func write(_ draws: DatasetDraws, split: String, to path: String) throws {
        let file = try HDF5File.create(atPath: path)
        let n = draws.samples, m = microgrids, f = featureNames.count
        try file.write(draws.features.flatMap { $0.flatMap { $0.map(Float.init) } }, shape: [n, m, f], to: "/inputs")
        // curtailed_n: MG n sells or buys in a pair with α below the DSO's threshold (pairs in row-major seller order).
        let pairOrder = (0..<m).flatMap { s in (0..<m).filter { $0 != s }.map { (s, $0) } }
        let targets = (0..<n).flatMap { i in
            (0..<m).flatMap { mg -> [Float] in
                let curtailed = pairOrder.indices.contains { k in
                    (pairOrder[k].0 == mg || pairOrder[k].1 == mg) && draws.alpha[i][k] < 0.999
                }
                return [Float(draws.targets[i][mg]), curtailed ? 1 : 0]
            }
        }
        try file.write(targets, shape: [n, m, 2], to: "/targets")
        try file.setAttribute("feature_names", to: featureNames)
        try file.setAttribute("target_names", to: ["P_acc_n", "curtailed_n"])
        try file.write(draws.status, shape: [n], to: "/opf/status")
        try file.setAttribute("status_names", to: statusNames, on: "/opf/status")
        let accepted = (0..<n).map { i in draws.status[i] <= 1 && draws.alpha[i].allSatisfy { $0 >= 0.999 } ? UInt8(1) : 0 }
        try file.write(accepted, shape: [n], to: "/opf/accepted")
        try file.write(draws.alpha.flatMap { $0 }, shape: [n, m * (m - 1)], to: "/opf/alpha")
        let pairs = (1...m).flatMap { s in (1...m).filter { $0 != s }.map { "MG\(s)->MG\($0)" } }
        try file.setAttribute("pairs", to: pairs, on: "/opf/alpha")
        try file.write(draws.trades.flatMap { $0.flatMap { $0 } }, shape: [n, m, m], to: "/proposal/trades")
        try file.write(draws.loadScale, shape: [n], to: "/params/load_scale")
        try file.write(draws.features.flatMap { $0.map { $0[1] } }, shape: [n, m], to: "/params/power_factor")
        try file.write((0..<n).map { Double($0 % 7) * 2.5 }, shape: [n], to: "/params/solar_uncertainty_percent")
        try file.write(draws.features.map { $0[0][3] }, shape: [n], to: "/params/c_ls")
        try file.write(draws.features.map { $0[0][4] }, shape: [n], to: "/params/lambda_corr")
        try file.setAttribute("split", to: split)
        try file.setAttribute("split_description", to: "synthetic \(split)")
        try file.setAttribute("system", to: "test-feeder")
        try file.close()
    }

    /// The validate stage's metrics per model and split, in `PredictionsFile.metricNames` order: the
    /// train stage's name needs CSV quoting, one AUC is undefined (nan), and ridge in distribution has
    /// no feasibility rate (NaN → empty cells in the table).
    static let metricRows: [(kind: String, split: String, values: [Double])] = [
        ("ridge", "in_distribution", [6, 4.25, 3.5, 0.91, 0.9, 0.08, 0.05, 0.8, 0.75, 1, 0.5, 0.625] + Array(repeating: .nan, count: 5)),
        ("ridge", "ood_load", [24, 9.5, 7.25, 0.7, 0.875, 0.1, 0.0625, 0.7, 0.625, 0.75, 0.5, 0.5, 8, 0.5, 0.875, 0.125, 0.9]),
        ("transformer", "in_distribution", [6, 2.125, 1.75, 0.97, 0.95, 0.04, 0.02, 0.9, 1, 1, 1, 1, 6, 0.5, 0.9, 0.1, 0.95]),
        ("transformer", "ood_load", [24, 12.5, 9.0, 0.6, .nan, 0.25, 0.125, 0.6, 0.5, 0.5, 0.25, 0.375, 8, 0.5, 0.8, 0.2, 0.85]),
    ]
    static let trainStage = "models, κ = 1"

    /// `accuracy.csv` as the validate stage's `metrics.csv` is, written by the same table writer from the
    /// same values: the report must publish exactly this.
    static func expectedAccuracyCSV() throws -> String {
        let rows = metricRows.map { row -> [Cell] in
            let v = row.values
            let split: Cell = .text(row.split == "in_distribution" ? "in_distribution (test split)" : row.split)
            return [.text(row.kind), .text(trainStage), split, .integer(Int(v[0]))] + v[1...11].map { Cell.number($0) }
                + (v[12].isNaN ? Array(repeating: .missing, count: 5) : [.integer(Int(v[12]))] + v[13...16].map { Cell.number($0) })
        }
        return try Table(name: "metrics", title: "metrics", columns: ValidateStage.metricsColumns, rows: rows).csv()
    }

    /// Writes `predictions.h5` in the validate stage's layout (docs/results-hdf5.md) with HDF5Store directly,
    /// the per-sample arrays left out (the report reads only the metrics and the reliability bins). Reliability:
    /// two of the ten bins filled per model and split, the others empty (no mean, no rate).
    static func writePredictions(to path: String) throws {
        let file = try HDF5File.create(atPath: path)
        let groups = metricRows.map { "/models/\($0.kind)/\($0.split)" }
        try file.setAttribute("groups", to: groups)
        try file.setAttribute("code_version", to: "validate/10")
        for (row, group) in zip(metricRows, groups) {
            try file.write(row.values, shape: [row.values.count], to: "\(group)/metrics")
            try file.setAttribute("names", to: PredictionsFile.metricNames, on: "\(group)/metrics")
            let offset = row.kind == "ridge" ? 0.0 : 0.05
            var counts = [Int64](repeating: 0, count: 10), predicted = [Double](repeating: .nan, count: 10), observed = predicted
            (counts[0], predicted[0], observed[0]) = (3, 0.05 + offset / 10, offset)
            (counts[9], predicted[9], observed[9]) = (3, 0.95, 1 - offset)
            try file.write(counts, shape: [10], to: "\(group)/reliability/count")
            try file.write(predicted, shape: [10], to: "\(group)/reliability/mean_predicted")
            try file.write(observed, shape: [10], to: "\(group)/reliability/observed_rate")
            try file.setAttribute("stage", to: trainStage, on: group)
            try file.setAttribute("model_kind", to: row.kind, on: group)
            try file.setAttribute("split", to: row.split, on: group)
        }
        try file.close()
    }

    /// Hours per case and day in the fixture.
    static let days = 3

    /// The case runs of the fixture: cases 1 and 2, case 3 with two predictors, the oracle.
    static let caseRuns: [(number: Int, predictor: String)] = [
        (1, ""), (2, ""), (3, "models/transformer"), (3, "paper_models/transformer"), (4, "DSO OPF"),
    ]

    /// Buses of the fixture's feeder; its peak hour of day 0.
    static let buses = 33
    static let peakHour = 18
    static let caseNames = [1: "network-agnostic", 2: "iterative DSO feedback", 3: "learning-augmented", 4: "oracle"]

    /// Every hour of the fixture's case studies, 5 case runs × 3 days × 24 hours in table
    /// order, as `cases.h5` column name → value (`predicted_acceptance` empty where there is
    /// none), plus `run` (the index in `caseRuns`). Case 3 on paper_models violates a limit
    /// once, so that claim is refuted there.
    static func caseHours() -> [[String: String]] {
        var rows: [[String: String]] = []
        for (index, run) in caseRuns.enumerated() {
            let c = run.number
            for day in 0..<days {
                for hour in 0..<24 {
                    let first = c == 4 || (hour + day + index) % (5 - min(c, 3)) != 0 ? 1 : 0
                    let cleared = Double(12 + hour % 6)
                    let proposed = c >= 3 ? cleared - Double(index) : cleared
                    let firstKWh = first == 1 ? proposed : proposed * 0.5
                    let calls = c == 1 ? 1 : first == 1 ? 1 : 2 + (hour + day) % 2
                    let cost = 1000 + 50 * Double(c) + 7 * Double(hour) + 3 * Double(day) + (hour == 18 && c == 1 ? 900 : 0)
                        - Double(first * index) + 0.125 * Double(hour % 3)
                    let violations = c == 1 && hour == 18 ? 2 : (index == 3 && day == 2 && hour == 5 ? 1 : 0)
                    var row: [String: String] = ["run": "\(index)", "case": "\(c)", "predictor": run.predictor, "case_name": caseNames[c]!]
                    row["day"] = "\(day)"
                    row["hour"] = "\(hour)"
                    row["first_accepted"] = "\(first)"
                    row["final_accepted"] = "1"
                    row["submissions"] = "\(c == 1 ? 0 : calls)"
                    row["opf_calls"] = "\(calls)"
                    row["local_rounds"] = "\(c >= 3 ? hour % 3 : 0)"
                    row["predictor_calls"] = "\(c >= 3 ? hour % 3 + 1 : 0)"
                    row["local_clearings"] = "\(c >= 3 ? 2 : 1)"
                    row["fallback"] = "\(c >= 3 && first == 0 ? 1 : 0)"
                    row["first_reconfigured"] = "0"
                    row["reconfigured"] = "0"
                    row["clearing_rounds"] = "\(c == 1 ? 600 : 1200)"
                    row["clearing_messages"] = "\(c == 1 ? 15600 : 31200)"
                    row["clearing_bytes"] = "\(c == 1 ? 150000 : 300000)"
                    row["load_scale"] = "1"
                    row["predicted_acceptance"] = c >= 3 ? "\(c == 4 ? 1 : 0.9)" : ""
                    row["cleared_kwh"] = "\(cleared)"
                    row["proposed_kwh"] = "\(proposed)"
                    row["first_accepted_kwh"] = "\(firstKWh)"
                    row["executed_kwh"] = "\(firstKWh)"
                    row["mg_welfare_rs"] = "12.5"
                    row["mg_cost_rs"] = "\(cost - 320)"
                    row["dso_cost_rs"] = "300"
                    row["network_charge_rs"] = "20"
                    row["total_cost_rs"] = "\(cost)"
                    row["social_welfare_rs"] = "\(-cost)"
                    for (name, value) in [("substation_p_mw", "2.4"), ("substation_q_mvar", "1.5"), ("dg_p_mw", "1.75"),
                                          ("dg_q_mvar", "0.54"), ("shed_kw", "0"), ("thermal_violations", "0")] {
                        row[name] = value
                    }
                    row["voltage_violations"] = "\(violations)"
                    rows.append(row)
                }
            }
        }
        return rows
    }

    /// The voltage at every bus in one hour of case run `run`: falling along the feeder, deeper in some hours.
    static func voltages(_ row: [String: String]) -> [Double] {
        let run = Double(row["run"]!)!, hour = Int(row["hour"]!)!
        let depth: Double = 0.002 / (run + 1) * (1 + Double(hour % 4) / 2)
        return (0..<buses).map { (b: Int) -> Double in 1 - depth * Double(b % 18) }
    }

    static let integerColumns = ["case", "day", "hour", "first_accepted", "final_accepted", "submissions", "opf_calls", "local_rounds",
                                 "predictor_calls", "local_clearings", "fallback", "first_reconfigured", "reconfigured",
                                 "voltage_violations", "thermal_violations", "clearing_rounds", "clearing_messages", "clearing_bytes"]
    static let realColumns = ["load_scale", "predicted_acceptance", "cleared_kwh", "proposed_kwh", "first_accepted_kwh", "executed_kwh",
                              "mg_welfare_rs", "mg_cost_rs", "dso_cost_rs", "network_charge_rs", "total_cost_rs", "social_welfare_rs",
                              "substation_p_mw", "substation_q_mvar", "dg_p_mw", "dg_q_mvar", "shed_kw"]

    /// Writes `rows` as the case-study stage's `cases.h5` — with HDF5Store directly, to the
    /// layout of docs/results-hdf5.md, not with the stage's writer — and its `timings.csv`.
    /// - Parameter voltageRows: the rows of `/hours/voltages_pu` (default: `voltages` of every row).
    static func writeCaseFiles(_ rows: [[String: String]], into folder: String, voltageRows: [[Double]]? = nil) throws {
        let file = try HDF5File.create(atPath: folder + "/cases.h5")
        try file.setAttribute("rows", to: Int64(rows.count))
        try file.setAttribute("max_rounds", to: Int64(5))
        try file.setAttribute("peak_hour_of_first_day", to: Int64(peakHour))
        try file.setAttribute("day_set", to: Int64(0))
        try file.setAttribute("acceptance_target", to: 0.9)
        try file.setAttribute("safety_margin", to: 0.05)
        try file.setAttribute("local_rounds", to: Int64(2))
        for name in ["predictor", "case_name"] { try file.write(rows.map { $0[name]! }, shape: [rows.count], to: "/hours/\(name)") }
        for name in integerColumns { try file.write(rows.map { Int32($0[name]!)! }, shape: [rows.count], to: "/hours/\(name)") }
        for name in realColumns { try file.write(rows.map { Double($0[name]!) ?? .nan }, shape: [rows.count], to: "/hours/\(name)") }
        let voltageRows = voltageRows ?? rows.map(voltages)
        try file.write(voltageRows.flatMap { $0 }, shape: [voltageRows.count, buses], to: "/hours/voltages_pu")
        try file.setAttribute("bus_ids", to: (1...buses).map(Int64.init), on: "/hours/voltages_pu")
        try file.close()
        let timings = [CaseStudyResults.timingsHeader.joined(separator: ",")]
            + rows.map { "\($0["case"]!),\($0["predictor"]!),\($0["day"]!),\($0["hour"]!),0.0\($0["case"]!),0.00\(Int($0["hour"]!)! % 9 + 1)" }
        try (timings.joined(separator: "\n") + "\n").write(toFile: folder + "/timings.csv", atomically: true, encoding: .utf8)
        try writeConvergence([], into: folder)
    }

    /// `convergence.csv` of these clearings (none: a central clearing's header-only file).
    static func writeConvergence(_ residuals: [ADMMResiduals], into folder: String) throws {
        try ClearingConvergence(residuals).table().csv().write(toFile: folder + "/convergence.csv", atomically: true, encoding: .utf8)
    }

    /// The upstream stage as the runner hands it to the report: every regular file of `folder`.
    func input(_ folder: String, kind: String, codeVersion: String,
               parameters: [String: ParameterValue] = [:], seed: UInt64 = 99) throws -> StageInput {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/" + folder)
        return StageInput(stageName: folder, kind: kind, key: String(repeating: "ab", count: 32), codeVersion: codeVersion, seed: seed,
                          parameters: ParameterValues(parameters),
                          files: Dictionary(uniqueKeysWithValues: names.map { ($0, directory + "/" + folder + "/" + $0) }))
    }

    /// Runs the report stage into `output` (created fresh) with or without the case studies; returns the declared outputs.
    @discardableResult
    /// - Parameters:
    ///   - lever: a second casestudy input, the reconfiguring run (`ReconfigurationSection`).
    ///   - reconfigurationLever: the parameter (default: whether `lever` is given).
    ///   - clearingConvergence: the parameter (the case studies cleared by ADMM).
    func runReport(into output: String, caseStudies: Bool = true, withCasesInput: Bool? = nil,
                   lever: StageInput? = nil, reconfigurationLever: Bool? = nil, clearingConvergence: Bool = false) throws -> [String] {
        try? FileManager.default.removeItem(atPath: output)
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let stage = ReportStage()
        let parameters = ParameterValues(["caseStudies": .bool(caseStudies),
                                          "reconfigurationLever": .bool(reconfigurationLever ?? (lever != nil)),
                                          "clearingConvergence": .bool(clearingConvergence)])
        let declared = stage.outputs(for: parameters)
        let cases = ((withCasesInput ?? caseStudies) ? [try input("cases", kind: "casestudy", codeVersion: "casestudy/2")] : [])
            + (lever.map { [$0] } ?? [])
        let context = StageContext(
            stageName: "report", pipelineName: "fixture", pipelineDirectory: directory, seed: 42, parameters: parameters,
            outputDirectory: output, declaredOutputs: declared,
            // The report reads the system's voltage limits through the generate stage's spec.
            inputsBySlot: ["dataset": [try input("data", kind: "generate", codeVersion: "generate/1",
                                                 parameters: ["spec": .string(stressedSpec)])],
                           "models": [try input("models", kind: "train", codeVersion: "train/1")],
                           "accuracy": [try input("accuracy", kind: "validate", codeVersion: "validate/1")],
                           "cases": cases],
            cancellation: CancellationFlag(), progressSink: { _, _ in })
        try stage.run(context)
        return declared
    }

    /// Every regular file under `directory`, relative, sorted.
    static func files(under directory: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files.sorted()
    }
}
