/// A trained model ready for inference: transformer, MLP or the linear
/// baseline, with its standardisation and calibration. Takes raw features
/// in dataset units (`[M, F]` per sample, the columns `featureNames`) and
/// returns `ResponsePrediction`s: `P̂_acc` in kW and calibrated probabilities
/// (a network's logits divided by its `Calibration` temperatures).
///
/// Single-sample prediction reuses buffers allocated at construction, so a
/// call allocates nothing; a `Predictor` is therefore not safe to share
/// between threads — give each thread its own. Batch prediction splits the
/// samples into fixed micro-batches, so its result is the same for any
/// thread count.
public final class Predictor {
    /// Tokens (MGs) per sample.
    public let tokenCount: Int
    /// Features per token.
    public let featureCount: Int
    /// The features the model reads, in input order.
    public let featureNames: [String]
    private let engine: any PredictionEngine

    /// The network of a training run, with the best epoch's weights and the run's calibration.
    public convenience init(state: TrainingState, threadCount: Int = 1) {
        self.init(architecture: state.architecture, parameters: state.bestParameters, standardization: state.standardization,
                  calibration: state.calibration, featureNames: state.featureNames, threadCount: threadCount)
    }

    /// A network with the given weights; `threadCount` threads serve batch prediction.
    public init(architecture: ModelArchitecture, parameters: [Float], standardization: Standardization,
                calibration: Calibration, featureNames: [String], threadCount: Int = 1) {
        (tokenCount, featureCount) = architecture.shape
        precondition(featureNames.count == featureCount, "\(featureNames.count) feature names for \(featureCount) features")
        self.featureNames = featureNames
        switch architecture {
        case .transformer(let c):
            engine = NetworkPredictionEngine(network: TransformerNetwork(config: c), parameters: parameters,
                                             standardization: standardization, calibration: calibration, threadCount: threadCount)
        case .mlp(let c):
            engine = NetworkPredictionEngine(network: MLPNetwork(config: c), parameters: parameters,
                                             standardization: standardization, calibration: calibration, threadCount: threadCount)
        }
    }

    /// A fitted linear baseline.
    public init(baseline: LinearBaseline) {
        (tokenCount, featureCount, featureNames) = (baseline.tokenCount, baseline.featureCount, baseline.featureNames)
        engine = LinearPredictionEngine(model: baseline)
    }

    /// Predicts one proposal from `input`, `[M, F]` raw features, into
    /// `prediction` (its arrays are replaced only if their count is not M).
    public func predict(_ input: [Float], into prediction: inout ResponsePrediction) {
        precondition(input.count == tokenCount * featureCount, "expected \(tokenCount * featureCount) input values, got \(input.count)")
        if prediction.acceptedInjectionKW.count != tokenCount || prediction.curtailmentProbability.count != tokenCount {
            prediction = ResponsePrediction(tokenCount: tokenCount)
        }
        var acceptance = 0.0
        input.withUnsafeBufferPointer { i in
            prediction.acceptedInjectionKW.withUnsafeMutableBufferPointer { kW in
                prediction.curtailmentProbability.withUnsafeMutableBufferPointer { p in
                    acceptance = engine.predictOne(input: i, acceptedInjectionKW: kW, curtailmentProbability: p)
                }
            }
        }
        prediction.acceptanceProbability = acceptance
    }

    /// Predicts `count` proposals from raw `[count, M, F]` inputs.
    public func predictBatch(_ inputs: [Float]) -> ResponsePredictions {
        let perSample = tokenCount * featureCount
        precondition(inputs.count % perSample == 0, "input count \(inputs.count) is not a multiple of M·F = \(perSample)")
        var predictions = ResponsePredictions(sampleCount: inputs.count / perSample, tokenCount: tokenCount)
        guard predictions.sampleCount > 0 else { return predictions }
        inputs.withUnsafeBufferPointer { engine.predictBatch(input: $0, into: &predictions) }
        return predictions
    }
}

/// What a `Predictor` delegates to.
protocol PredictionEngine: AnyObject {
    /// One sample: fills `[M]` kW and probabilities, returns P(accepted).
    func predictOne(input: UnsafeBufferPointer<Float>, acceptedInjectionKW: UnsafeMutableBufferPointer<Float>,
                    curtailmentProbability: UnsafeMutableBufferPointer<Double>) -> Double
    /// `predictions.sampleCount` consecutive samples.
    func predictBatch(input: UnsafeBufferPointer<Float>, into predictions: inout ResponsePredictions)
}

/// Inference for a trained network.
final class NetworkPredictionEngine<Network: ResponseNetwork>: PredictionEngine {
    private let network: Network
    private let parameters: FloatBuffer
    private let standardization: Standardization
    private let calibration: Calibration
    private let single: Network.Activations
    private let singleInput: FloatBuffer
    private let runner: MicroBatchRunner<Network>

    init(network: Network, parameters: [Float], standardization: Standardization, calibration: Calibration, threadCount: Int) {
        precondition(parameters.count == network.layout.count, "parameter count does not match the architecture")
        self.network = network
        self.parameters = FloatBuffer(parameters)
        self.standardization = standardization
        self.calibration = calibration
        single = network.makeActivations(capacity: 1)
        singleInput = FloatBuffer(count: network.tokenCount * network.featureCount)
        runner = MicroBatchRunner(network: network, microBatch: 256, threadCount: threadCount, maximumBatch: 256)
    }

    /// Token outputs `[M, 2]` of one sample → kW and calibrated probabilities.
    private func decode(tokenOutput: FloatPointer, acceptedInjectionKW: UnsafeMutablePointer<Float>,
                        curtailmentProbability: UnsafeMutablePointer<Double>) {
        for m in 0..<network.tokenCount {
            let row = tokenOutput + m * TokenOutput.count
            acceptedInjectionKW[m] = standardization.destandardizeTarget(row[TokenOutput.acceptedInjection])
            curtailmentProbability[m] = logistic(Double(row[TokenOutput.curtailmentLogit]) / calibration.tokenTemperature)
        }
    }

    func predictOne(input: UnsafeBufferPointer<Float>, acceptedInjectionKW: UnsafeMutableBufferPointer<Float>,
                    curtailmentProbability: UnsafeMutableBufferPointer<Double>) -> Double {
        singleInput.pointer.update(from: input.baseAddress!, count: input.count)
        standardization.standardizeFeatures(singleInput.pointer, rows: network.tokenCount)
        network.forward(parameters: parameters.pointer, inputs: singleInput.pointer, keyMask: nil, samples: 1, activations: single)
        decode(tokenOutput: single.tokenOutput, acceptedInjectionKW: acceptedInjectionKW.baseAddress!,
               curtailmentProbability: curtailmentProbability.baseAddress!)
        return logistic(Double(single.proposalLogit[0]) / calibration.proposalTemperature)
    }

    func predictBatch(input: UnsafeBufferPointer<Float>, into predictions: inout ResponsePredictions) {
        let count = predictions.sampleCount, M = network.tokenCount
        let data = StandardizedData(features: input, tokenCount: M, featureCount: network.featureCount, standardization: standardization)
        let tokenOutput = FloatBuffer(count: count * M * TokenOutput.count), proposalLogit = FloatBuffer(count: count)
        runner.predict(parameters: parameters.pointer, samples: Array(0..<count), data: data,
                       tokenOutput: tokenOutput.pointer, proposalLogit: proposalLogit.pointer)
        predictions.acceptedInjectionKW.withUnsafeMutableBufferPointer { kW in
            predictions.curtailmentProbability.withUnsafeMutableBufferPointer { p in
                for sample in 0..<count {
                    decode(tokenOutput: tokenOutput.pointer + sample * M * TokenOutput.count,
                           acceptedInjectionKW: kW.baseAddress! + sample * M, curtailmentProbability: p.baseAddress! + sample * M)
                }
            }
        }
        for sample in 0..<count {
            predictions.acceptanceProbability[sample] = logistic(Double(proposalLogit[sample]) / calibration.proposalTemperature)
        }
    }
}

/// Inference for the linear baseline.
final class LinearPredictionEngine: PredictionEngine {
    private let model: LinearBaseline
    private var design: [Double]

    init(model: LinearBaseline) {
        self.model = model
        design = [Double](repeating: 0, count: model.tokenCount * model.featureCount + 1)
    }

    func predictOne(input: UnsafeBufferPointer<Float>, acceptedInjectionKW: UnsafeMutableBufferPointer<Float>,
                    curtailmentProbability: UnsafeMutableBufferPointer<Double>) -> Double {
        design.withUnsafeMutableBufferPointer { d in
            model.predict(input: input, design: d, acceptedInjectionKW: acceptedInjectionKW, curtailmentProbability: curtailmentProbability)
        }
    }

    func predictBatch(input: UnsafeBufferPointer<Float>, into predictions: inout ResponsePredictions) {
        let M = model.tokenCount, inStride = M * model.featureCount
        for sample in 0..<predictions.sampleCount {
            let one = UnsafeBufferPointer(rebasing: input[(sample * inStride)..<((sample + 1) * inStride)])
            var kW = [Float](repeating: 0, count: M), p = [Double](repeating: 0, count: M)
            let acceptance = kW.withUnsafeMutableBufferPointer { k in
                p.withUnsafeMutableBufferPointer { predictOne(input: one, acceptedInjectionKW: k, curtailmentProbability: $0) }
            }
            predictions.acceptedInjectionKW.replaceSubrange((sample * M)..<((sample + 1) * M), with: kW)
            predictions.curtailmentProbability.replaceSubrange((sample * M)..<((sample + 1) * M), with: p)
            predictions.acceptanceProbability[sample] = acceptance
        }
    }
}
