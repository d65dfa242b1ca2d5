import Foundation
import HDF5Store
import Learning
import OPFDataset

/// `predictions.h5` of the `validate` stage: the tensors behind `metrics.csv` and
/// `reliability.csv`, for re-plotting and for looking at single samples. One group
/// per model and split, `/<train stage>/<model>/<split>`; layout in docs/results-hdf5.md.
/// Everything in it is a function of the inputs and the seed, so the file is
/// byte-identical run to run.
struct PredictionsFile {
    /// One model evaluated on one split.
    struct Entry {
        /// The train stage and the checkpoint's file stem (`models`, `transformer`).
        var stage: String
        var model: String
        /// `in_distribution` (the test split) or the OOD split's name.
        var split: String
        /// The dataset file's name (for the `dataset` attribute).
        var datasetFile: String
        var evaluation: SampleEvaluation
        /// Nil when the stage measured no feasibility rate.
        var feasibility: FeasibilityRate?

        var group: String { "/\(stage)/\(model)/\(split)" }
    }

    /// The metrics of `metrics.csv` by column, in this order, as `metrics` with their names and units.
    static let metricNames = ["n", "rmse_kw", "mae_kw", "r2", "auc", "brier", "ece", "curtailment_auc", "accept_accuracy",
                              "accept_precision", "accept_recall", "accept_f1", "feasibility_n", "accepted_unrefined",
                              "accepted_refined", "curtailed_refined", "energy_kept"]
    static let metricUnits = ["samples", "kW", "kW", "1", "1", "1", "1", "1", "1", "1", "1", "1", "samples", "1", "1", "1", "1"]

    static func metricValues(_ m: EvaluationMetrics, _ feasibility: FeasibilityRate?) -> [Double] {
        [Double(m.n), m.rmseKW, m.maeKW, m.r2, m.auc, m.brier, m.ece, m.curtailmentAUC, m.acceptAccuracy, m.acceptPrecision,
         m.acceptRecall, m.acceptF1]
            + (feasibility.map { [Double($0.samples), $0.unrefinedAccepted, $0.refinedAccepted, $0.refinedCurtailed, $0.energyKept] }
                ?? Array(repeating: .nan, count: 5))
    }

    let codeVersion: String
    /// From the dataset file: MG names and the ordered pairs of `/opf/alpha`.
    let microgridNames: [String]
    let pairs: [String]

    /// Writes every entry to `path` (atomically: a temporary file renamed into place on close).
    func write(_ entries: [Entry], to path: String) throws {
        let file = try HDF5File.create(atPath: path)
        try file.setAttribute("code_version", to: codeVersion)
        try file.setAttribute("groups", to: entries.map(\.group))
        try file.setAttribute("microgrid_names", to: microgridNames)
        for entry in entries { try write(entry, to: file) }
        try file.close()
    }

    private func write(_ entry: Entry, to file: HDF5File) throws {
        let e = entry.evaluation, g = entry.group
        let n = e.samples.count, M = e.predictions.tokenCount
        try file.write(e.samples.map(Int64.init), shape: [n], to: "\(g)/sample_index")
        try file.write(e.predictions.acceptedInjectionKW, shape: [n, M], to: "\(g)/p_acc_kw")
        try file.write(e.targetAcceptedInjectionKW, shape: [n, M], to: "\(g)/target_p_acc_kw")
        try file.write(e.predictions.curtailmentProbability, shape: [n, M], to: "\(g)/curtailment_probability")
        try file.write(e.targetCurtailed.map { $0 ? UInt8(1) : 0 }, shape: [n, M], to: "\(g)/target_curtailed")
        try file.write(e.predictions.acceptanceProbability, shape: [n], to: "\(g)/acceptance_probability")
        try file.write(e.targetAccepted.map { $0 ? UInt8(1) : 0 }, shape: [n], to: "\(g)/target_accepted")
        for name in ["p_acc_kw", "target_p_acc_kw"] { try file.setAttribute("unit", to: "kW", on: "\(g)/\(name)") }

        let values = Self.metricValues(e.metrics, entry.feasibility)
        try file.write(values, shape: [values.count], to: "\(g)/metrics")
        try file.setAttribute("names", to: Self.metricNames, on: "\(g)/metrics")
        try file.setAttribute("units", to: Self.metricUnits, on: "\(g)/metrics")

        let bins = e.metrics.reliability
        try file.write(bins.map { Int64($0.count) }, shape: [bins.count], to: "\(g)/reliability/count")
        try file.write(bins.map { $0.count > 0 ? $0.meanPredicted : .nan }, shape: [bins.count], to: "\(g)/reliability/mean_predicted")
        try file.write(bins.map { $0.count > 0 ? $0.observedRate : .nan }, shape: [bins.count], to: "\(g)/reliability/observed_rate")
        try file.write((0...bins.count).map { Double($0) / Double(bins.count) }, shape: [bins.count + 1], to: "\(g)/reliability/edges")

        if let resolves = entry.feasibility?.resolves {
            let k = resolves.count, pairCount = M * (M - 1)
            let f = "\(g)/feasibility"
            try file.write(resolves.map { Int64($0.sample) }, shape: [k], to: "\(f)/sample_index")
            try file.write(resolves.flatMap { $0.originalTradesKW.flatMap { $0 } }, shape: [k, M, M], to: "\(f)/original_trades_kw")
            try file.write(resolves.flatMap { $0.refinedTradesKW.flatMap { $0 } }, shape: [k, M, M], to: "\(f)/refined_trades_kw")
            try file.write(resolves.map { Int32($0.localRounds) }, shape: [k], to: "\(f)/local_rounds")
            try file.write(resolves.flatMap(\.alpha), shape: [k, pairCount], to: "\(f)/alpha")
            try file.write(resolves.map(\.statusCode), shape: [k], to: "\(f)/status")
            try file.write(resolves.map { $0.accepted ? UInt8(1) : 0 }, shape: [k], to: "\(f)/accepted")
            for name in ["original_trades_kw", "refined_trades_kw"] { try file.setAttribute("unit", to: "kW", on: "\(f)/\(name)") }
            try file.setAttribute("pairs", to: pairs, on: "\(f)/alpha")
            try file.setAttribute("status_names", to: SampleStatusCode.names, on: "\(f)/status")
        }
        try file.setAttribute("stage", to: entry.stage, on: g)
        try file.setAttribute("model", to: entry.model, on: g)
        try file.setAttribute("model_kind", to: e.kind, on: g)
        try file.setAttribute("split", to: entry.split, on: g)
        try file.setAttribute("dataset", to: entry.datasetFile, on: g)
    }
}
