import Foundation
import SeededRandom

/// Trains a `ModelArchitecture` with Adam/AdamW, warm-up + cosine schedule,
/// global-norm gradient clipping and early stopping (DESIGN.md §6).
///
/// The result depends only on the data, split, architecture and config —
/// not on `threadCount` (see `MicroBatchRunner`).
public struct Trainer: Sendable {
    /// Worker threads; any value gives bit-identical weights.
    public var threadCount: Int

    /// A trainer using `threadCount` threads (default: all cores).
    public init(threadCount: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.threadCount = max(1, threadCount)
    }

    /// A fresh run: standardisation fitted on `split.train`, weights
    /// initialised from `config.seed`, optimizer moments zero.
    public func initialState(architecture: ModelArchitecture, config: TrainingConfig, data: TrainingData,
                             split: DataSplit) throws(LearningError) -> TrainingState {
        try architecture.validate()
        try config.validate()
        try check(architecture: architecture, against: data)
        guard !split.train.isEmpty else { throw .invalidData("the training split is empty") }
        let standardization = try Standardization(fitting: data, samples: split.train)
        let layout = architecture.layout
        var parameters = [Float](repeating: 0, count: layout.count)
        var generator = SeededGenerator(seed: config.seed, stream: 0x1417)
        switch architecture {
        case .transformer(let c): TransformerNetwork(config: c).initialize(parameters: &parameters, generator: &generator)
        case .mlp(let c): MLPNetwork(config: c).initialize(parameters: &parameters, generator: &generator)
        }
        let zeros = [Float](repeating: 0, count: layout.count)
        return TrainingState(architecture: architecture, config: config, standardization: standardization, split: split,
                             parameters: parameters, firstMoment: zeros, secondMoment: zeros, step: 0, epochsCompleted: 0,
                             bestParameters: parameters, bestValidationLoss: .infinity, epochsWithoutImprovement: 0,
                             stoppedEarly: false, history: [])
    }

    /// Runs epochs until `untilEpoch` (default: the configured count) or early
    /// stopping, calling `progress` after each epoch.
    public func train(_ state: inout TrainingState, data: TrainingData, untilEpoch: Int? = nil,
                      progress: (EpochRecord) -> Void = { _ in }) throws(LearningError) {
        try check(architecture: state.architecture, against: data)
        for index in state.split.train + state.split.validation where index < 0 || index >= data.sampleCount {
            throw .invalidData("split refers to sample \(index), but the data has \(data.sampleCount) samples")
        }
        switch state.architecture {
        case .transformer(let c): run(TransformerNetwork(config: c), &state, data, untilEpoch, progress)
        case .mlp(let c): run(MLPNetwork(config: c), &state, data, untilEpoch, progress)
        }
    }

    private func check(architecture: ModelArchitecture, against data: TrainingData) throws(LearningError) {
        let shape = architecture.shape
        if shape.tokens != data.tokenCount || shape.features != data.featureCount || shape.targets != data.targetCount {
            throw .invalidData("model expects [M \(shape.tokens), F \(shape.features), T \(shape.targets)] per sample, " +
                               "data has [M \(data.tokenCount), F \(data.featureCount), T \(data.targetCount)]")
        }
    }

    private func run<Network: RegressionNetwork>(_ network: Network, _ state: inout TrainingState, _ data: TrainingData,
                                                 _ untilEpoch: Int?, _ progress: (EpochRecord) -> Void) {
        let config = state.config
        let layout = network.layout
        let inputs = FloatBuffer(data.inputs), targets = FloatBuffer(data.targets)
        state.standardization.standardizeFeatures(inputs.pointer, rows: data.sampleCount * data.tokenCount)
        state.standardization.standardizeTargets(targets.pointer, rows: data.sampleCount * data.tokenCount)
        let batchSize = min(config.batchSize, state.split.train.count)
        let runner = MicroBatchRunner(network: network, microBatch: config.microBatchSize, threadCount: threadCount,
                                      maximumBatch: batchSize)
        let stepsPerEpoch = (state.split.train.count + batchSize - 1) / batchSize
        let schedule = config.schedule(stepsPerEpoch: stepsPerEpoch)
        let parameters = FloatBuffer(state.parameters), gradients = FloatBuffer(count: layout.count)
        let firstMoment = FloatBuffer(state.firstMoment), secondMoment = FloatBuffer(state.secondMoment)
        let lastEpoch = min(untilEpoch ?? config.epochs, config.epochs)

        while !state.stoppedEarly && state.epochsCompleted < lastEpoch {
            let epoch = state.epochsCompleted + 1
            var shuffle = SeededGenerator(seed: config.seed, stream: UInt64(epoch))
            let order = shuffle.permutation(state.split.train.count).map { state.split.train[$0] }
            var lossSum = 0.0, normSum = 0.0
            var groupSums = [Double](repeating: 0, count: layout.groupNames.count)
            var learningRate = schedule.learningRate(atStep: state.step)
            for batchStart in stride(from: 0, to: order.count, by: batchSize) {
                let batch = order[batchStart..<min(batchStart + batchSize, order.count)]
                let loss = runner.gradient(parameters: parameters.pointer, samples: batch, inputs: inputs.pointer,
                                           targets: targets.pointer, into: gradients)
                let norms = GradientNorms(gradients: gradients.pointer, layout: layout)
                clipGradients(gradients.pointer, count: layout.count, globalNorm: norms.global, maxNorm: config.gradientClipNorm)
                learningRate = schedule.learningRate(atStep: state.step)
                state.step += 1
                config.optimizer.update(parameters: parameters.pointer, gradients: gradients.pointer,
                                        firstMoment: firstMoment.pointer, secondMoment: secondMoment.pointer,
                                        layout: layout, step: state.step, learningRate: learningRate)
                lossSum += loss * Double(batch.count)
                normSum += norms.global
                for g in groupSums.indices { groupSums[g] += norms.perGroup[g] }
            }
            let validationLoss = runner.meanSquaredError(parameters: parameters.pointer, samples: state.split.validation,
                                                         inputs: inputs.pointer, targets: targets.pointer)
            let record = EpochRecord(epoch: epoch, trainLoss: lossSum / Double(order.count), validationLoss: validationLoss,
                                     learningRate: learningRate, gradientNorm: normSum / Double(stepsPerEpoch),
                                     groupGradientNorms: groupSums.map { $0 / Double(stepsPerEpoch) })
            state.history.append(record)
            state.epochsCompleted = epoch
            // Without a validation split every epoch counts as the best so far.
            if validationLoss.isNaN || validationLoss < state.bestValidationLoss {
                state.bestValidationLoss = validationLoss.isNaN ? state.bestValidationLoss : validationLoss
                state.bestParameters = parameters.array
                state.epochsWithoutImprovement = 0
            } else {
                state.epochsWithoutImprovement += 1
                if state.epochsWithoutImprovement >= config.patience { state.stoppedEarly = true }
            }
            state.parameters = parameters.array
            state.firstMoment = firstMoment.array
            state.secondMoment = secondMoment.array
            progress(record)
        }
    }
}
