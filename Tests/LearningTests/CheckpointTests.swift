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

    @Test func ridgeCheckpointRoundTrips() throws {
        let data = try SyntheticData.p2pLike(samples: 80, seed: 55)
        let split = try DataSplit.seeded(data, validationFraction: 0.2, testFraction: 0.2, seed: 5)
        let ridge = try RidgeRegression.fit(data, split: split)
        let path = DatasetFileWriter.temporaryPath("ridge.h5")
        let checkpoint = ModelCheckpoint(model: .ridge(ridge, split), trainedOn: data)
        try checkpoint.write(to: path)
        #expect(try ModelCheckpoint.read(from: path) == checkpoint)
        #expect(checkpoint.featureNames == SyntheticData.tableIIIFeatures)
    }

    @Test func dataWithOtherFeaturesIsRejectedByName() throws {
        let data = try SyntheticData.p2pLike(samples: 20, seed: 56)
        let checkpoint = ModelCheckpoint(model: .ridge(try RidgeRegression.fit(data, split: DataSplit(train: Array(0..<20), validation: [], test: [])),
                                                       DataSplit(train: Array(0..<20), validation: [], test: [])), trainedOn: data)
        var names = SyntheticData.tableIIIFeatures
        names.swapAt(0, 2)
        let reordered = try TrainingData(sampleCount: 20, tokenCount: 4, featureCount: 5, targetCount: 1, inputs: data.inputs,
                                         targets: data.targets, featureNames: names, targetNames: data.targetNames)
        #expect(throws: LearningError.shapeMismatch(file: "other.h5", dataset: "@feature_names",
                                                    expected: "\(SyntheticData.tableIIIFeatures) as in the model", found: "\(names)")) {
            try checkpoint.checkCompatible(with: reordered, file: "other.h5")
        }
        try checkpoint.checkCompatible(with: data, file: "same.h5")
    }
}
