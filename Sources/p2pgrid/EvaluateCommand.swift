import ArgumentParser
import Foundation
import Learning

/// `p2pgrid evaluate`: accuracy of a checkpoint on a dataset file.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a trained model (transformer, mlp or ridge) on an OPF dataset.",
        discussion: """
        On the data the model was trained on (same inputs and targets), the model's held-out test \
        split is used; on any other file (e.g. an out-of-distribution split), every solved sample. \
        The model's features are picked from the file by name. RMSE/MAE/R² are of P_acc in kW; \
        acceptance is scored from the calibrated probability p̂_acc (ROC AUC, Brier score, expected \
        calibration error over 10 bins, and accuracy/precision/recall/F1 with accepted ⇔ p̂_acc ≥ 0.5); \
        curtailment AUC scores the per-MG curtailment probabilities.
        """)

    @Option(name: .long, help: "Checkpoint written by `p2pgrid train`.")
    var model: String

    @Option(name: .long, help: "Dataset file (HDF5).")
    var data: String

    @Option(name: .long, help: .hidden)
    var toleranceKW: Double?

    @Flag(name: .long, help: "Print one JSON object instead of a table.")
    var json = false

    func run() throws {
        do {
            try evaluate()
        } catch {
            FileHandle.standardError.write(Data("p2pgrid evaluate: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    private func evaluate() throws(LearningError) {
        if toleranceKW != nil {
            throw .invalidConfiguration(field: "--tolerance-kw", reason: "was removed: acceptance is now predicted by the model's calibrated "
                                        + "probability p̂_acc (accepted when p̂_acc ≥ 0.5), not by |P̂_acc − P_net| ≤ tolerance")
        }
        let (kind, metrics) = try ModelEvaluation.evaluate(model: model, data: data)
        func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }
        if json {
            let bins = metrics.reliability.map { bin in
                "{\"count\": \(bin.count), \"mean_predicted\": \(number(bin.meanPredicted)), \"observed_rate\": \(number(bin.observedRate))}"
            }.joined(separator: ", ")
            print("{\"n\": \(metrics.n), \"rmse_kw\": \(number(metrics.rmseKW)), \"mae_kw\": \(number(metrics.maeKW)), " +
                  "\"r2\": \(number(metrics.r2)), \"auc\": \(number(metrics.auc)), \"brier\": \(number(metrics.brier)), " +
                  "\"ece\": \(number(metrics.ece)), \"curtailment_auc\": \(number(metrics.curtailmentAUC)), " +
                  "\"accept_accuracy\": \(number(metrics.acceptAccuracy)), " +
                  "\"accept_precision\": \(number(metrics.acceptPrecision)), \"accept_recall\": \(number(metrics.acceptRecall)), " +
                  "\"accept_f1\": \(number(metrics.acceptF1)), \"reliability\": [\(bins)]}")
        } else {
            print("""
            model            \(kind) (\(model))
            samples          \(metrics.n)
            RMSE             \(String(format: "%.4f", metrics.rmseKW)) kW
            MAE              \(String(format: "%.4f", metrics.maeKW)) kW
            R²               \(String(format: "%.4f", metrics.r2))
            accept AUC       \(String(format: "%.4f", metrics.auc))
            accept Brier     \(String(format: "%.4f", metrics.brier))
            accept ECE       \(String(format: "%.4f", metrics.ece))
            curtailment AUC  \(String(format: "%.4f", metrics.curtailmentAUC))
            accept accuracy  \(String(format: "%.4f", metrics.acceptAccuracy))
            accept precision \(String(format: "%.4f", metrics.acceptPrecision))
            accept recall    \(String(format: "%.4f", metrics.acceptRecall))
            accept F1        \(String(format: "%.4f", metrics.acceptF1))
            """)
        }
    }
}
