import Testing
@testable import Learning

/// The training loop on synthetic data with known answers.
@Suite struct TrainingTests {
    static let tiny = TransformerConfig(featureCount: 2, tokenCount: 4, width: 16, headCount: 2,
                                        layerCount: 1, feedForwardWidth: 32)

    @Test func transformerOverfitsSixtyFourSamples() throws {
        let data = try SyntheticData.noise(samples: 64, seed: 40)
        let split = DataSplit(train: Array(0..<64), validation: [], test: [])
        var config = TrainingConfig()
        config.epochs = 400
        config.batchSize = 16
        config.learningRate = 3e-3
        config.minimumLearningRate = 1e-5
        config.seed = 1
        let trainer = Trainer(threadCount: 2)
        var state = try trainer.initialState(architecture: .transformer(TransformerConfig(featureCount: 5, tokenCount: 4)),
                                             config: config, data: data, split: split)
        try trainer.train(&state, data: data)
        let runner = MicroBatchRunner(network: TransformerNetwork(config: TransformerConfig(featureCount: 5, tokenCount: 4)),
                                      microBatch: 64, threadCount: 1, maximumBatch: 64)
        let parameters = FloatBuffer(state.parameters)
        let heads = runner.losses(parameters: parameters.pointer, samples: Array(0..<64),
                                  data: StandardizedData(data, standardization: state.standardization))
        // Memorised: every head fits its random targets (cross-entropy → 0 as the logits grow).
        #expect(heads.mse < 1e-3 && heads.tokenBCE < 0.02 && heads.proposalBCE < 0.02, "final losses \(heads)")
    }

    @Test func attentionSolvesACrossTokenTaskThatAPerTokenMLPCannot() throws {
        let data = try SyntheticData.crossToken(samples: 2400, seed: 41)
        let split = DataSplit(train: Array(0..<2000), validation: Array(2000..<2400), test: [])
        var config = TrainingConfig()
        config.epochs = 30
        config.batchSize = 64
        config.learningRate = 3e-3
        config.seed = 2
        // The regression head alone, so the validation loss is the standardised MSE with its known floor.
        config.classificationLossWeight = 0
        let trainer = Trainer(threadCount: 2)
        var transformer = try trainer.initialState(architecture: .transformer(Self.tiny), config: config, data: data, split: split)
        try trainer.train(&transformer, data: data)
        var mlp = try trainer.initialState(architecture: .mlp(MLPConfig(featureCount: 2, tokenCount: 4, hiddenWidth: 64)),
                                           config: config, data: data, split: split)
        try trainer.train(&mlp, data: data)
        // The per-token MLP can only reach the irreducible 3/16 ≈ 0.19 (see SyntheticData.crossToken).
        #expect((0.15...0.25).contains(mlp.bestValidationLoss), "MLP validation MSE \(mlp.bestValidationLoss)")
        #expect(transformer.bestValidationLoss < 0.05, "transformer validation MSE \(transformer.bestValidationLoss)")
    }

    func shortRun(threads: Int, epochs: Int, resumeAfter: Int? = nil) throws -> TrainingState {
        let data = try SyntheticData.crossToken(samples: 300, seed: 42)
        let split = try DataSplit.seeded(data, validationFraction: 0.2, testFraction: 0.1, seed: 7)
        var config = TrainingConfig()
        config.epochs = epochs
        config.batchSize = 64
        config.microBatchSize = 16
        config.seed = 3
        config.optimizer = AdamOptimizer(weightDecay: 0.01)
        let trainer = Trainer(threadCount: threads)
        var state = try trainer.initialState(architecture: .transformer(Self.tiny), config: config, data: data, split: split)
        if let resumeAfter {
            try trainer.train(&state, data: data, untilEpoch: resumeAfter)
            let saved = state
            state = saved
        }
        try trainer.train(&state, data: data)
        return state
    }

    @Test func sameSeedGivesBitIdenticalWeightsWithOneTwoAndThreeThreads() throws {
        let one = try shortRun(threads: 1, epochs: 3)
        for threads in [2, 3] {
            let other = try shortRun(threads: threads, epochs: 3)
            #expect(one.parameters.map(\.bitPattern) == other.parameters.map(\.bitPattern), "\(threads) threads")
            #expect(one.history == other.history)
            #expect(one.calibration == other.calibration)
        }
        #expect(one.calibration != .identity)
        let otherSeed = try shortRun(threads: 1, epochs: 1)
        #expect(otherSeed.parameters != one.parameters)
    }

    @Test func resumingGivesTheSameWeightsAsAnUninterruptedRun() throws {
        let straight = try shortRun(threads: 2, epochs: 4)
        let resumed = try shortRun(threads: 2, epochs: 4, resumeAfter: 2)
        #expect(straight.parameters.map(\.bitPattern) == resumed.parameters.map(\.bitPattern))
        #expect(straight.firstMoment == resumed.firstMoment && straight.secondMoment == resumed.secondMoment)
        #expect(straight.history == resumed.history)
    }

    @Test func epochLogHasLossesRateAndNormPerLayerGroup() throws {
        let state = try shortRun(threads: 1, epochs: 2)
        #expect(state.history.count == 2)
        for record in state.history {
            #expect(record.groupGradientNorms.count == 3)
            // Group norms are parts of the global norm: Σ group² = global² for each step, so on average within bounds.
            #expect(record.groupGradientNorms.allSatisfy { $0 > 0 && $0 <= record.gradientNorm * (1 + 1e-9) })
            #expect(record.trainLoss.isFinite && record.validationLoss.isFinite && record.learningRate > 0)
            // The total is MSE + w·(token BCE + proposal BCE), with w = 1 by default.
            for (total, heads) in [(record.trainLoss, record.trainHeads), (record.validationLoss, record.validationHeads)] {
                #expect(heads.mse > 0 && heads.tokenBCE > 0 && heads.proposalBCE > 0)
                #expect(abs(total - (heads.mse + heads.tokenBCE + heads.proposalBCE)) < 1e-12)
            }
        }
        let line = state.history[0].progressLine(totalEpochs: 2, groupNames: ["embedding", "layer0", "head"])
        #expect(line.hasPrefix("epoch 1/2") && line.contains("layer0") && line.contains("bce_token") && line.contains("bce_proposal"))
    }

    @Test func earlyStoppingRestoresTheBestEpoch() throws {
        let data = try SyntheticData.noise(samples: 120, features: 2, seed: 43)
        let split = DataSplit(train: Array(0..<80), validation: Array(80..<120), test: [])
        var config = TrainingConfig()
        config.epochs = 200
        config.batchSize = 16
        config.learningRate = 1e-2
        config.patience = 3
        let trainer = Trainer(threadCount: 1)
        var state = try trainer.initialState(architecture: .transformer(Self.tiny), config: config, data: data, split: split)
        try trainer.train(&state, data: data)
        // Noise targets: validation loss stops improving early, so training stops long before 200 epochs.
        #expect(state.stoppedEarly && state.epochsCompleted < 200)
        let best = state.history.min { $0.validationLoss < $1.validationLoss }!
        #expect(state.bestValidationLoss == best.validationLoss)
        #expect(state.epochsCompleted == best.epoch + 3)
        #expect(state.bestParameters != state.parameters)
    }

    /// Trains `architecture` on the threshold rule of `SyntheticData.thresholdCurtailment`
    /// and evaluates it on a held-out test split.
    func thresholdRun(_ architecture: ModelArchitecture, featureNames: [String]? = nil) throws -> (TrainingState, EvaluationMetrics) {
        let data = try SyntheticData.thresholdCurtailment(samples: 3000, seed: 47)
        let split = DataSplit(train: Array(0..<2400), validation: Array(2400..<2700), test: Array(2700..<3000))
        var config = TrainingConfig()
        config.epochs = 25
        config.batchSize = 64
        config.learningRate = 3e-3
        config.seed = 5
        config.featureNames = featureNames
        let trainer = Trainer(threadCount: 2)
        var state = try trainer.initialState(architecture: architecture, config: config, data: data, split: split)
        try trainer.train(&state, data: data)
        return (state, try EvaluationMetrics.evaluate(Predictor(state: state), on: data, samples: split.test))
    }

    @Test func transformerLearnsAThresholdCurtailmentRuleToHighAUC() throws {
        let (state, metrics) = try thresholdRun(.transformer(TransformerConfig(featureCount: 3, tokenCount: 4, width: 16, headCount: 2,
                                                                               layerCount: 1, feedForwardWidth: 32)))
        #expect(metrics.curtailmentAUC > 0.99, "\(metrics)")
        #expect(metrics.auc > 0.97, "\(metrics)")
        #expect(metrics.acceptAccuracy > 0.9 && metrics.ece < 0.08, "\(metrics)")
        // The temperatures were fitted (and are what the predictor applied).
        #expect(state.calibration.tokenTemperature != 1 && state.calibration.proposalTemperature != 1)
    }

    @Test func mlpLearnsTheThresholdRuleThroughItsPooledProposalHead() throws {
        let (_, metrics) = try thresholdRun(.mlp(MLPConfig(featureCount: 3, tokenCount: 4, hiddenWidth: 32)))
        #expect(metrics.curtailmentAUC > 0.99 && metrics.auc > 0.95, "\(metrics)")
    }

    @Test func trainingOnAFeatureSubsetReadsThoseColumnsByName() throws {
        // P_load_n carries the rule; without it the curtailment labels are unpredictable.
        let tiny = TransformerConfig(featureCount: 2, tokenCount: 4, width: 16, headCount: 2, layerCount: 1, feedForwardWidth: 32)
        let (withLoad, good) = try thresholdRun(.transformer(tiny), featureNames: ["P_net_n", "P_load_n"])
        #expect(withLoad.featureNames == ["P_net_n", "P_load_n"])
        #expect(good.curtailmentAUC > 0.99, "\(good)")
        let (_, blind) = try thresholdRun(.transformer(tiny), featureNames: ["pf", "P_net_n"])
        #expect(blind.curtailmentAUC < 0.65, "\(blind)")
        let data = try SyntheticData.thresholdCurtailment(samples: 10, seed: 48)
        #expect(throws: LearningError.missingFeature(file: "the training data", feature: "c_ls", available: ["P_load_n", "pf", "P_net_n"])) {
            var config = TrainingConfig()
            config.featureNames = ["P_load_n", "c_ls"]
            _ = try Trainer().initialState(architecture: .transformer(tiny), config: config, data: data,
                                           split: DataSplit(train: [0, 1], validation: [], test: []))
        }
    }

    @Test func standardisationUsesTheTrainingSplitOnly() throws {
        let data = try SyntheticData.p2pLike(samples: 50, seed: 44)
        let split = DataSplit(train: [0, 1, 2, 3], validation: [4, 5], test: [])
        let s = try Standardization(fitting: data, samples: split.train)
        let loads = (0..<4).flatMap { n in (0..<4).map { m in Double(data.inputs[(n * 4 + m) * 5]) } }
        #expect(abs(Double(s.featureMean[0]) - loads.reduce(0, +) / 16) < 1e-4)
    }

    @Test func failedOPFSamplesAreLeftOutOfEverySplit() throws {
        let data = try SyntheticData.p2pLike(samples: 100, seed: 45, failedEvery: 5)
        let split = try DataSplit.seeded(data, validationFraction: 0.2, testFraction: 0.2, seed: 1)
        let all = split.train + split.validation + split.test
        #expect(all.count == 80 && Set(all).count == 80)
        #expect(all.allSatisfy { data.solved[$0] })
        #expect(try DataSplit.seeded(data, validationFraction: 0.2, testFraction: 0.2, seed: 1) == split)
        #expect(try DataSplit.seeded(data, validationFraction: 0.2, testFraction: 0.2, seed: 2) != split)
    }

    @Test func mismatchedDataIsRejected() throws {
        let data = try SyntheticData.crossToken(samples: 10, seed: 46)
        let wrong = TransformerConfig(featureCount: 5, tokenCount: 4)
        #expect(throws: LearningError.self) {
            try Trainer().initialState(architecture: .transformer(wrong), config: TrainingConfig(), data: data,
                                       split: DataSplit(train: [0], validation: [], test: []))
        }
    }
}
