import Foundation
import Learning
import Pipeline
import Reporting

/// Report section 2: training (DESIGN.md §6) from the checkpoints' history —
/// size and stopping of every model, loss curves, and the per-layer-group
/// gradient norms of the transformer (paper Fig. 10).
enum TrainingSection {
    /// One checkpoint with the label the report gives it.
    struct TrainedModel {
        /// `transformer`, or `<stage>/transformer` when several train stages feed the report.
        let label: String
        let stage: String
        let checkpoint: ModelCheckpoint
    }

    /// Declared outputs of this section.
    static var outputs: [String] {
        [ReportOutputs.table("training-summary")] + ReportOutputs.figure("training-loss") + ReportOutputs.figure("gradient-norms")
    }

    /// Reads every checkpoint of every `train` input, in `needs:` order then by file name.
    static func models(_ inputs: [StageInput], stage: String) throws -> [TrainedModel] {
        let labelled = inputs.count > 1
        return try inputs.flatMap { input in
            try input.files.keys.filter { $0.hasSuffix(".h5") }.sorted().map { name in
                let checkpoint: ModelCheckpoint
                do {
                    checkpoint = try ModelCheckpoint.read(from: input.files[name]!)
                } catch {
                    throw StageError.malformedInput(stage: stage, file: "\(input.stageName)/\(name)", problem: "\(error)")
                }
                let kind = checkpoint.model.kindName
                return TrainedModel(label: labelled ? "\(input.stageName)/\(kind)" : kind, stage: input.stageName, checkpoint: checkpoint)
            }
        }
    }

    /// The section's blocks.
    static func blocks(_ models: [TrainedModel], stage: String) throws -> [ReportDocument.Block] {
        let networks = models.compactMap { model -> (TrainedModel, TrainingState)? in
            if case .network(let state) = model.checkpoint.model, !state.history.isEmpty { return (model, state) }
            return nil
        }
        guard !networks.isEmpty else {
            throw StageError.configuration(
                stage: stage, problem: "the training figures need a trained network (transformer or mlp) with at least one epoch;"
                    + " the train inputs hold only \(models.map(\.label).joined(separator: ", "))")
        }
        // Paper Fig. 10 is the transformer's; an MLP stands in only when no transformer was trained.
        let transformers = networks.filter { $0.1.architecture.name == "transformer" }
        let gradientModels = transformers.isEmpty ? networks : transformers
        // Room for the legend beside the plot.
        let wide = FigureSize(width: 760, height: 420)

        return [
            .heading("Training"),
            .paragraph(networks.map { model, state in trainingFinding(model, state) }.joined(separator: " ")),
            .table(try summaryTable(models)),
            .figure(LinePlot(
                name: "training-loss", title: "Training and validation loss",
                caption: "Mean squared error on standardised targets per epoch; the weights of the epoch with the lowest validation"
                    + " loss are the ones evaluated.",
                x: Axis("Epoch"), y: Axis("Loss (MSE, standardised)", logScale: true),
                series: networks.flatMap { model, state in
                    let epochs = state.history.map { Double($0.epoch) }
                    return [LinePlot.Series("\(model.label) train", x: epochs, y: state.history.map { positive($0.trainLoss) }),
                            LinePlot.Series("\(model.label) validation", x: epochs, y: state.history.map { positive($0.validationLoss) })]
                },
                style: networks.contains { $0.1.history.count < 15 } ? .linesPoints : .lines, size: wide)),
            .figure(LinePlot(
                name: "gradient-norms", title: "Gradient norm per layer group (\(gradientModels[0].1.architecture.name))",
                caption: "Euclidean norm of the gradient of each parameter group, mean over the epoch's optimizer steps,"
                    + " before clipping; 'overall' is the whole gradient (paper Fig. 10).",
                x: Axis("Epoch"), y: Axis("Gradient norm", logScale: true),
                series: gradientModels.flatMap { model, state in
                    let groups = state.architecture.layout.groupNames
                    let prefix = gradientModels.count > 1 ? "\(model.label): " : ""
                    let epochs = state.history.map { Double($0.epoch) }
                    return [LinePlot.Series(prefix + "overall", x: epochs, y: state.history.map { positive($0.gradientNorm) })]
                        + groups.indices.map { group in
                            LinePlot.Series(prefix + groups[group], x: epochs,
                                            y: state.history.map { positive($0.groupGradientNorms[group]) })
                        }
                },
                style: gradientModels.contains { $0.1.history.count < 15 } ? .linesPoints : .lines, size: wide)),
        ]
    }

    /// A value for a logarithmic axis: non-positive values become gaps rather than failing the figure.
    private static func positive(_ value: Double) -> Double {
        value > 0 ? value : .nan
    }

    /// The epoch record with the lowest validation loss.
    static func bestEpoch(_ state: TrainingState) -> EpochRecord? {
        state.history.filter { $0.validationLoss.isFinite }.min { $0.validationLoss < $1.validationLoss }
    }

    private static func summaryTable(_ models: [TrainedModel]) throws -> Table {
        try Table(
            name: "training-summary", title: "Trained models",
            caption: "Losses are MSE on standardised targets. Ridge regression is fitted in closed form (no epochs).",
            columns: [Table.Column("model", format: .text), Table.Column("stage", format: .text),
                      Table.Column("parameters", format: .integer), Table.Column("training samples", format: .integer),
                      Table.Column("epochs run", format: .integer), Table.Column("best epoch", format: .integer),
                      Table.Column("best validation loss", format: .scientific(decimals: 3)),
                      Table.Column("final training loss", format: .scientific(decimals: 3)),
                      Table.Column("stopped early", format: .text)],
            rows: models.map { model in
                switch model.checkpoint.model {
                case .network(let state):
                    let best = bestEpoch(state)
                    return [.text(model.label), .text(model.stage), .integer(state.architecture.layout.count),
                            .integer(state.split.train.count), .integer(state.epochsCompleted),
                            best.map { .integer($0.epoch) } ?? .missing, best.map { .number($0.validationLoss) } ?? .missing,
                            state.history.last.map { .number($0.trainLoss) } ?? .missing, .text(state.stoppedEarly ? "yes" : "no")]
                case .linear(let baseline, let split):
                    return [.text(model.label), .text(model.stage), .integer(baseline.parameterCount), .integer(split.train.count),
                            .missing, .missing, .missing, .missing, .missing]
                }
            })
    }

    private static func trainingFinding(_ model: TrainedModel, _ state: TrainingState) -> String {
        guard let best = bestEpoch(state) else { return "\(model.label): no finite validation loss was logged." }
        let stop = state.stoppedEarly ? "stopped early after \(state.epochsCompleted) epochs" : "ran all \(state.epochsCompleted) epochs"
        return String(format: "The %@ (%d parameters) %@; its validation loss was lowest at epoch %d (%.3g).",
                      model.label, state.architecture.layout.count, stop, best.epoch, best.validationLoss)
    }
}
