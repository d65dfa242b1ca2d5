import Foundation
import HDF5Store
import Testing
@testable import Learning

/// Dataset files and checkpoints through HDF5Store, including broken files.
@Suite struct CheckpointTests {
    @Test func datasetFileRoundTripsIncludingFailedSamples() throws {
        let data = try SyntheticData.p2pLike(samples: 30, seed: 50)
        let path = DatasetFileWriter.temporaryPath("data.h5")
        try DatasetFileWriter.write(data, to: path)
        let loaded = try TrainingData.load(path: path)
        #expect(loaded == data)
        #expect(loaded.fingerprint == data.fingerprint)
        #expect(try TrainingData.storedSplit(path: path, data: loaded) == nil)
    }

    @Test func storedSplitIsUsedAndSkipsFailedSamples() throws {
        let data = try SyntheticData.p2pLike(samples: 10, seed: 51, failedEvery: 5)
        let path = DatasetFileWriter.temporaryPath("split.h5")
        try DatasetFileWriter.write(data, to: path, split: [0, 0, 0, 0, 0, 0, 1, 1, 2, 2])
        let split = try #require(try TrainingData.storedSplit(path: path, data: data))
        // Samples 4 and 9 failed (failedEvery 5).
        #expect(split == DataSplit(train: [0, 1, 2, 3, 5], validation: [6, 7], test: [8]))
    }

    @Test func firstVersionFilesWithOneTargetAreRefusedNamingFileAndAttribute() throws {
        let data = try SyntheticData.p2pLike(samples: 5, seed: 57)
        let path = DatasetFileWriter.temporaryPath("v1.h5")
        try DatasetFileWriter.write(data, to: path, singleTarget: true)
        do {
            _ = try TrainingData.load(path: path)
            Issue.record("a T = 1 file was accepted")
        } catch {
            #expect(error == .invalidAttribute(file: path, attribute: "target_names",
                                               expected: "[\"P_acc_n\", \"curtailed_n\"] (dataset version 2; regenerate older files)",
                                               found: "[\"P_acc_n\"]"))
            #expect(error.description.hasPrefix(path) && error.description.contains("target_names"))
        }
    }

    @Test(arguments: ["/inputs", "/targets", "/opf/status", "/opf/accepted", "@feature_names", "@target_names"])
    func missingDatasetIsNamed(_ dataset: String) throws {
        let data = try SyntheticData.p2pLike(samples: 5, seed: 52)
        let path = DatasetFileWriter.temporaryPath("missing.h5")
        try DatasetFileWriter.write(data, to: path, omit: dataset)
        #expect(throws: LearningError.missingDataset(file: path, dataset: dataset)) { try TrainingData.load(path: path) }
    }

    @Test func wrongShapesAndTypesAreNamed() throws {
        let path = DatasetFileWriter.temporaryPath("shape.h5")
        let file = try HDF5File.create(atPath: path)
        try file.write([Float](repeating: 0, count: 12), shape: [3, 4], to: "/inputs")
        try file.close()
        #expect(throws: LearningError.shapeMismatch(file: path, dataset: "/inputs", expected: "[N, M, F]", found: "[3, 4]")) {
            try TrainingData.load(path: path)
        }
        let typed = DatasetFileWriter.temporaryPath("type.h5")
        let other = try HDF5File.create(atPath: typed)
        try other.write([Double](repeating: 0, count: 8), shape: [1, 4, 2], to: "/inputs")
        try other.close()
        #expect(throws: LearningError.shapeMismatch(file: typed, dataset: "/inputs", expected: "element type float32", found: "element type float64")) {
            try TrainingData.load(path: typed)
        }
    }

    @Test func corruptAndMissingFilesNameTheFile() throws {
        let path = DatasetFileWriter.temporaryPath("corrupt.h5")
        try Data("not an HDF5 file".utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try TrainingData.load(path: path)
            Issue.record("a corrupt file was accepted")
        } catch {
            #expect(error.description.hasPrefix(path))
        }
        #expect(throws: LearningError.self) { try ModelCheckpoint.read(from: path + ".absent") }
    }

    @Test func networkCheckpointRoundTripsAndResumesToTheSameWeights() throws {
        let data = try SyntheticData.crossToken(samples: 200, seed: 53)
        let split = try DataSplit.seeded(data, validationFraction: 0.2, testFraction: 0.1, seed: 4)
        var config = TrainingConfig()
        config.epochs = 4
        config.batchSize = 32
        config.microBatchSize = 8
        config.featureNames = ["feature1", "feature0"]
        let trainer = Trainer(threadCount: 2)
        let architecture = ModelArchitecture.transformer(TrainingTests.tiny)
        var straight = try trainer.initialState(architecture: architecture, config: config, data: data, split: split)
        try trainer.train(&straight, data: data)

        var interrupted = try trainer.initialState(architecture: architecture, config: config, data: data, split: split)
        try trainer.train(&interrupted, data: data, untilEpoch: 2)
        let path = DatasetFileWriter.temporaryPath("model.h5")
        try ModelCheckpoint(model: .network(interrupted), trainedOn: data).write(to: path)
        let restored = try ModelCheckpoint.read(from: path)
        #expect(restored.model == .network(interrupted))
        #expect(restored.dataFingerprint == data.fingerprint)
        guard case .network(var resumed) = restored.model else { Issue.record("not a network"); return }
        try trainer.train(&resumed, data: data)
        #expect(resumed.bestParameters.map(\.bitPattern) == straight.bestParameters.map(\.bitPattern))
        #expect(resumed.parameters.map(\.bitPattern) == straight.parameters.map(\.bitPattern))
        #expect(resumed.history == straight.history)
        #expect(resumed.calibration == straight.calibration)

        // The finished run: temperatures and feature names survive the round trip, and predict identically.
        try ModelCheckpoint(model: .network(straight), trainedOn: data).write(to: path)
        let finished = try ModelCheckpoint.read(from: path)
        #expect(finished.model == .network(straight))
        #expect(finished.featureNames == ["feature1", "feature0"])
        guard case .network(let read) = finished.model else { return }
        #expect(read.calibration != .identity && read.calibration == straight.calibration)
        let input = Array(data.inputs[0..<8])
        var before = ResponsePrediction(tokenCount: 4), after = ResponsePrediction(tokenCount: 4)
        Predictor(state: straight).predict(input, into: &before)
        finished.model.predictor().predict(input, into: &after)
        #expect(before == after)
    }

    @Test func checkpointsOfAnOtherFormatVersionAreRefused() throws {
        let path = DatasetFileWriter.temporaryPath("old-model.h5")
        let file = try HDF5File.create(atPath: path)
        try file.setAttribute("kind", to: "transformer")
        try file.close()
        do {
            _ = try ModelCheckpoint.read(from: path)
            Issue.record("a format-1 checkpoint was accepted")
        } catch {
            #expect(error.description.hasPrefix(path) && error.description.contains("format 1"))
        }
    }

    @Test func checkpointWithWrongParameterCountIsRejected() throws {
        let data = try SyntheticData.crossToken(samples: 40, seed: 54)
        let split = DataSplit(train: Array(0..<30), validation: Array(30..<40), test: [])
        var state = try Trainer().initialState(architecture: .transformer(TrainingTests.tiny), config: TrainingConfig(), data: data, split: split)
        state.parameters.removeLast()
        let path = DatasetFileWriter.temporaryPath("bad-model.h5")
        try ModelCheckpoint(model: .network(state), trainedOn: data).write(to: path)
        let count = TrainingTests.tiny.layout.count
        #expect(throws: LearningError.shapeMismatch(file: path, dataset: "/model/current", expected: "[\(count)] (transformer parameters)",
                                                    found: "[\(count - 1)]")) { try ModelCheckpoint.read(from: path) }
    }

    @Test func linearBaselineCheckpointRoundTrips() throws {
        let data = try SyntheticData.p2pLike(samples: 80, seed: 55)
        let split = try DataSplit.seeded(data, validationFraction: 0.2, testFraction: 0.2, seed: 5)
        let baseline = try LinearBaseline.fit(data, split: split, featureNames: ["P_net_n", "P_load_n"])
        let path = DatasetFileWriter.temporaryPath("ridge.h5")
        let checkpoint = ModelCheckpoint(model: .linear(baseline, split), trainedOn: data)
        try checkpoint.write(to: path)
        #expect(try ModelCheckpoint.read(from: path) == checkpoint)
        #expect(checkpoint.featureNames == ["P_net_n", "P_load_n"])
        #expect(checkpoint.model.kindName == "ridge")
    }

    @Test func evaluationPicksTheModelsFeaturesByNameFromAnyFile() throws {
        // Trained on two of the five features; evaluated on a file with the columns in another order
        // (and more of them), the metrics are those of the training file; a file lacking one is refused by name.
        let data = try SyntheticData.p2pLike(samples: 60, seed: 56, failedEvery: 0)
        let split = DataSplit(train: Array(0..<40), validation: Array(40..<50), test: Array(50..<60))
        let baseline = try LinearBaseline.fit(data, split: split, featureNames: ["P_net_n", "P_load_n"])
        let model = DatasetFileWriter.temporaryPath("ridge.h5")
        try ModelCheckpoint(model: .linear(baseline, split), trainedOn: data).write(to: model)
        let same = DatasetFileWriter.temporaryPath("same.h5")
        try DatasetFileWriter.write(data, to: same)
        let reordered = try data.selectingFeatures(["lambda_corr", "P_load_n", "c_ls", "P_net_n", "pf"], file: "reordered")
        let other = DatasetFileWriter.temporaryPath("other.h5")
        try DatasetFileWriter.write(reordered, to: other)
        let onSame = try ModelEvaluation.evaluate(model: model, data: same, threads: 1)
        let onOther = try ModelEvaluation.evaluate(model: model, data: other, threads: 1)
        #expect(onSame.metrics.n == 10 && onOther.metrics.n == 60, "the same file uses its test split, another every solved sample")
        let direct = try EvaluationMetrics.evaluate(Predictor(baseline: baseline), on: reordered, samples: Array(0..<60))
        // (Compared field by field: empty reliability bins hold NaN, which is never ==.)
        for (a, b) in [(onOther.metrics.rmseKW, direct.rmseKW), (onOther.metrics.auc, direct.auc), (onOther.metrics.brier, direct.brier),
                       (onOther.metrics.curtailmentAUC, direct.curtailmentAUC)] { #expect(a == b) }
        let lacking = DatasetFileWriter.temporaryPath("lacking.h5")
        try DatasetFileWriter.write(try data.selectingFeatures(["P_load_n", "pf"], file: "lacking"), to: lacking)
        #expect(throws: LearningError.missingFeature(file: lacking, feature: "P_net_n", available: ["P_load_n", "pf"])) {
            try ModelEvaluation.evaluate(model: model, data: lacking, threads: 1)
        }
    }
}
