import Foundation
import SeededRandom

/// Trains a `ModelArchitecture` with Adam/AdamW, warm-up + cosine schedule,
/// global-norm gradient clipping and early stopping on the validation loss
/// (DESIGN.md §6), on the loss `MSE(P_acc) + w · (token BCE + proposal BCE)`;
/// when the run finishes, the best weights' probabilities are calibrated on
/// the validation split by temperature scaling.
///
/// Data is passed with all of its features; the run reads the ones named in
/// `TrainingConfig.featureNames` (by name).
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
        let featureNames = config.featureNames ?? data.featureNames
        let data = try data.selectingFeatures(featureNames, file: "the training data")
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
        return TrainingState(architecture: architecture, config: config, featureNames: featureNames,
                             standardization: standardization, split: split,
                             parameters: parameters, firstMoment: zeros, secondMoment: zeros, step: 0, epochsCompleted: 0,
                             bestParameters: parameters, bestValidationLoss: .infinity, epochsWithoutImprovement: 0,
                             stoppedEarly: false, history: [], calibration: .identity)
    }

    /// Runs epochs until `untilEpoch` (default: the configured count) or early
    /// stopping, calling `progress` after each epoch; once the run is
    /// finished, fits `state.calibration` on the validation split.
    public func train(_ state: inout TrainingState, data: TrainingData, untilEpoch: Int? = nil,
                      progress: (EpochRecord) -> Void = { _ in }) throws(LearningError) {
        let data = try data.selectingFeatures(state.featureNames, file: "the training data")
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
        if shape.tokens != data.tokenCount || shape.features != data.featureCount {
            throw .invalidData("model expects [M \(shape.tokens), F \(shape.features)] per sample, " +
                               "data has [M \(data.tokenCount), F \(data.featureCount)]")
        }
    }

    private func run<Network: ResponseNetwork>(_ network: Network, _ state: inout TrainingState, _ data: TrainingData,
                                               _ untilEpoch: Int?, _ progress: (EpochRecord) -> Void) {
        let config = state.config
        let layout = network.layout
        let prepared = StandardizedData(data, standardization: state.standardization)
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
            var lossSum = HeadLosses.zero, normSum = 0.0
            var groupSums = [Double](repeating: 0, count: layout.groupNames.count)
            var learningRate = schedule.learningRate(atStep: state.step)
            for batchStart in stride(from: 0, to: order.count, by: batchSize) {
                let batch = order[batchStart..<min(batchStart + batchSize, order.count)]
                let loss = runner.gradient(parameters: parameters.pointer, samples: batch, data: prepared,
                                           classificationWeight: config.classificationLossWeight, into: gradients)
                let norms = GradientNorms(gradients: gradients.pointer, layout: layout)
                clipGradients(gradients.pointer, count: layout.count, globalNorm: norms.global, maxNorm: config.gradientClipNorm)
                learningRate = schedule.learningRate(atStep: state.step)
                state.step += 1
                config.optimizer.update(parameters: parameters.pointer, gradients: gradients.pointer,
                                        firstMoment: firstMoment.pointer, secondMoment: secondMoment.pointer,
                                        layout: layout, step: state.step, learningRate: learningRate)
                lossSum = lossSum + loss * Double(batch.count)
                normSum += norms.global
                for g in groupSums.indices { groupSums[g] += norms.perGroup[g] }
            }
            let validationHeads = runner.losses(parameters: parameters.pointer, samples: state.split.validation, data: prepared)
            let trainHeads = lossSum * (1 / Double(order.count))
            let validationLoss = validationHeads.total(classificationWeight: config.classificationLossWeight)
            let record = EpochRecord(epoch: epoch, trainLoss: trainHeads.total(classificationWeight: config.classificationLossWeight),
                                     validationLoss: validationLoss, trainHeads: trainHeads, validationHeads: validationHeads,
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
        if state.isFinished {
            state.calibration = calibrate(runner, parameters: state.bestParameters, samples: state.split.validation, data: prepared)
        }
    }

    /// Temperatures of `parameters`' logits on `samples` (the validation
    /// split): one for all token curtailment logits, one for the proposal
    /// acceptance logits (`TemperatureScaling.fit`); identity without samples.
    private func calibrate<Network: ResponseNetwork>(_ runner: MicroBatchRunner<Network>, parameters: [Float], samples: [Int],
                                                     data: StandardizedData) -> Calibration {
        guard !samples.isEmpty else { return .identity }
        let M = runner.network.tokenCount
        let tokenOutput = FloatBuffer(count: samples.count * M * TokenOutput.count), proposalLogit = FloatBuffer(count: samples.count)
        let weights = FloatBuffer(parameters)
        runner.predict(parameters: weights.pointer, samples: samples, data: data, tokenOutput: tokenOutput.pointer,
                       proposalLogit: proposalLogit.pointer)
        var tokenLogits: [Double] = [], curtailed: [Bool] = [], acceptanceLogits: [Double] = [], accepted: [Bool] = []
        for (position, sample) in samples.enumerated() {
            for m in 0..<M {
                tokenLogits.append(Double(tokenOutput[(position * M + m) * TokenOutput.count + TokenOutput.curtailmentLogit]))
                curtailed.append(data.curtailed[sample * M + m] != 0)
            }
            acceptanceLogits.append(Double(proposalLogit[position]))
            accepted.append(data.accepted[sample] != 0)
        }
        return Calibration(tokenTemperature: TemperatureScaling.fit(logits: tokenLogits, labels: curtailed),
                           proposalTemperature: TemperatureScaling.fit(logits: acceptanceLogits, labels: accepted))
    }
}
