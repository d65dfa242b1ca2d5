import Foundation
import Learning
import Market
import OPFDataset
import Testing
@testable import Stages

/// The stressed dataset spec shipped in Datasets/.
let stressedSpec = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../Datasets/specs/ieee33-stressed.yaml").standardizedFileURL.path

@Suite("validate: feasibility rate", .serialized)
struct FeasibilityCheckTests {
    /// Generates `samples` samples of `split` with `seed` into a temporary file and loads them.
    func generated(split: String?, samples: Int, seed: UInt64) throws -> (configuration: DatasetConfiguration, file: String, data: TrainingData) {
        let configuration = try DatasetConfiguration(specFile: stressedSpec, split: split)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("p2pgrid-stages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("data.h5").path
        try DatasetWriter.write(try DatasetGenerator.generate(configuration, samples: samples, seed: seed), to: file, timingsPath: nil)
        return (configuration, file, try TrainingData.load(path: file))
    }

    @Test("A rebuilt sample reproduces the stored features, in distribution and in an OOD split", arguments: [nil, "ood_load"])
    func rebuildReproducesStoredSamples(split: String?) throws {
        let seed: UInt64 = 99
        let (configuration, file, data) = try generated(split: split, samples: 24, seed: seed)
        defer { try? FileManager.default.removeItem(atPath: (file as NSString).deletingLastPathComponent) }
        let check = FeasibilityCheck(configuration: configuration, seed: configuration.splitSeed(seed), dataFile: file, stage: "accuracy")
        let market = P2PMarket(parameters: configuration.spec.market)
        let perSample = data.tokenCount * data.featureCount
        #expect(data.solvedIndices.count >= 20)
        for index in data.solvedIndices {
            let rebuilt = try check.rebuild(sample: index, market: market, stored: data.inputs[(index * perSample)..<((index + 1) * perSample)])
            let flat = rebuilt.features.flatMap { $0 }
            for (f, value) in flat.enumerated() {
                #expect(abs(Float(value) - data.inputs[index * perSample + f]) <= 1e-5 * max(1, abs(data.inputs[index * perSample + f])))
            }
        }
        // Another seed rebuilds other samples: the check names the stage, the file and the sample.
        let wrong = FeasibilityCheck(configuration: configuration, seed: configuration.splitSeed(seed + 1), dataFile: file, stage: "accuracy")
        let index = data.solvedIndices[0]
        #expect {
            _ = try wrong.rebuild(sample: index, market: market, stored: data.inputs[(index * perSample)..<((index + 1) * perSample)])
        } throws: { error in
            let text = "\(error)"
            return text.contains("stage 'accuracy'") && text.contains(file) && text.contains("sample \(index)")
        }
    }

    @Test("The feasibility rate with a ridge model: shares in [0, 1] that add up, energy kept at most 1")
    func feasibilityRate() throws {
        let seed: UInt64 = 5
        let (configuration, file, data) = try generated(split: nil, samples: 48, seed: seed)
        defer { try? FileManager.default.removeItem(atPath: (file as NSString).deletingLastPathComponent) }
        let split = DataSplit(train: Array(data.solvedIndices.prefix(36)), validation: [], test: Array(data.solvedIndices.dropFirst(36)))
        let checkpoint = ModelCheckpoint(model: .linear(try LinearBaseline.fit(data, split: split), split), trainedOn: data)
        let predictor = try CheckpointResponsePredictor(checkpoint: checkpoint, file: "ridge.h5", configuration: configuration, stage: "accuracy")
        let check = FeasibilityCheck(configuration: configuration, seed: configuration.splitSeed(seed), dataFile: file, stage: "accuracy")
        let rate = try check.measure(samples: split.test, data: data, predictor: predictor,
                                     policy: RefinementPolicy(acceptanceTarget: 0.9, safetyMargin: 0.05, localRounds: 3),
                                     checkCancellation: {})
        #expect(rate.samples == split.test.count)
        #expect(abs(rate.refinedAccepted + rate.refinedCurtailed - 1) < 1e-12)
        #expect(rate.unrefinedAccepted == Double(split.test.filter { data.accepted[$0] }.count) / Double(split.test.count))
        #expect(rate.energyKept >= 0 && rate.energyKept <= 1 + 1e-9)
    }

    /// A linear baseline on four MGs with the given feature names, fitted on toy data.
    func checkpoint(features: [String]) throws -> ModelCheckpoint {
        let f = features.count
        let data = try TrainingData(sampleCount: 4, tokenCount: 4, featureCount: f,
                                    inputs: (0..<(16 * f)).map { Float($0 % 7) }, acceptedInjectionKW: (0..<16).map { Float($0 % 5) },
                                    curtailed: (0..<16).map { $0 % 3 == 0 }, solved: Array(repeating: true, count: 4),
                                    featureNames: features)
        let split = DataSplit(train: [0, 1, 2, 3], validation: [], test: [])
        return ModelCheckpoint(model: .linear(try LinearBaseline.fit(data, split: split), split), trainedOn: data)
    }

    @Test("A checkpoint needing a feature the spec lacks is refused with the stage, the file, the feature and the spec's list")
    func featureMissing() throws {
        let configuration = try DatasetConfiguration(specFile: stressedSpec)
        let checkpoint = try checkpoint(features: ["P_load_n", "bus_voltage_pu"])
        #expect {
            _ = try CheckpointResponsePredictor(checkpoint: checkpoint, file: "/x/ridge.h5", configuration: configuration, stage: "cases")
        } throws: { error in
            let text = "\(error)"
            return text.contains("stage 'cases'") && text.contains("/x/ridge.h5") && text.contains("'bus_voltage_pu'") && text.contains("lambda_corr")
        }
    }

    @Test("A checkpoint on a subset of the spec's features reads those columns by name, in its own order; all three heads reach Market")
    func featureSubset() throws {
        let configuration = try DatasetConfiguration(specFile: stressedSpec)
        // Reversed order: a model of the paper's five features (or any subset) must see its own columns.
        let subset = ["lambda_corr", "P_net_n", "load_scale"]
        let checkpoint = try checkpoint(features: subset)
        let wrapped = try CheckpointResponsePredictor(checkpoint: checkpoint, file: "ridge.h5", configuration: configuration, stage: "cases")
        let direct = checkpoint.model.predictor(threadCount: 1)
        let trades: [[Double]] = [[0, 30, 0, 5], [0, 0, 12, 0], [4, 0, 0, 0], [0, 8, 0, 0]]
        let proposal = TradeProposal(tradesKW: trades, loadScale: 0.9, powerFactors: [0.9, 0.95, 1, 0.88],
                                     loadSheddingPriceRsPerKW2: 0.005, correctionPriceRsPerKW2: 0.2)
        let demand = [40.0, 20, 35, 10]
        let net = proposal.netPositionsKW
        let input = (0..<4).flatMap { n in [Float(0.2), Float(net[n]), Float(0.9)] }
        var expected = ResponsePrediction(tokenCount: 4)
        direct.predict(input, into: &expected)
        let predicted = try wrapped.predictResponse(to: proposal, demandKW: demand)
        #expect(predicted.acceptedInjectionKW == expected.acceptedInjectionKW.map(Double.init))
        #expect(predicted.curtailmentProbability == expected.curtailmentProbability)
        #expect(predicted.acceptanceProbability == expected.acceptanceProbability)
    }
}
