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
        RMSE/MAE are in kW on de-standardised targets. A proposal is predicted accepted when every \
        MG's predicted P_acc is within --tolerance-kw of its P_net_n input.
        """)

    @Option(name: .long, help: "Checkpoint written by `p2pgrid train`.")
    var model: String

    @Option(name: .long, help: "Dataset file (HDF5).")
    var data: String

    @Option(name: .long, help: "Acceptance tolerance |P_acc − P_net| per MG, kW.")
    var toleranceKW: Double = EvaluationMetrics.defaultToleranceKW

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
        let (kind, metrics) = try ModelEvaluation.evaluate(model: model, data: data, toleranceKW: toleranceKW)
        func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }
        if json {
            print("{\"n\": \(metrics.n), \"rmse_kw\": \(number(metrics.rmseKW)), \"mae_kw\": \(number(metrics.maeKW)), " +
                  "\"r2\": \(number(metrics.r2)), \"accept_accuracy\": \(number(metrics.acceptAccuracy)), " +
                  "\"accept_precision\": \(number(metrics.acceptPrecision)), \"accept_recall\": \(number(metrics.acceptRecall)), " +
                  "\"accept_f1\": \(number(metrics.acceptF1))}")
        } else {
            print("""
            model            \(kind) (\(model))
            samples          \(metrics.n)
            RMSE             \(String(format: "%.4f", metrics.rmseKW)) kW
            MAE              \(String(format: "%.4f", metrics.maeKW)) kW
            R²               \(String(format: "%.4f", metrics.r2))
            accept accuracy  \(String(format: "%.4f", metrics.acceptAccuracy))
            accept precision \(String(format: "%.4f", metrics.acceptPrecision))
            accept recall    \(String(format: "%.4f", metrics.acceptRecall))
            accept F1        \(String(format: "%.4f", metrics.acceptF1))
            """)
        }
    }
}
