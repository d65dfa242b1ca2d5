import Learning
import Market
import OPFDataset

/// Case 3's `ResponsePredictor` backed by a trained checkpoint: it builds the
/// dataset's feature rows for a proposal (`FeatureSet.rows`, as the
/// generator did for every stored sample) and reads the model's `P̂_acc_n`.
final class CheckpointResponsePredictor: ResponsePredictor {
    private let predictor: Predictor
    private let featureSet: FeatureSet
    private let pathResistancePU: [Double]
    private var input: [Float] = []
    private var prediction = ResponsePrediction(tokenCount: 0)

    /// Wraps the checkpoint at `file` for proposals of `configuration`.
    /// - Throws: `StageError.incompatibleInput` when the checkpoint was trained on
    ///   other features than the spec's feature set.
    init(checkpoint: ModelCheckpoint, file: String, configuration: DatasetConfiguration, stage: String) throws {
        let m = configuration.microgrids.count
        let expected = configuration.featureSet.names(microgridCount: m)
        guard checkpoint.featureNames == expected else {
            throw StageError.incompatibleInput(
                stage: stage, file: file,
                message: "the model was trained on features [\(checkpoint.featureNames.joined(separator: ", "))], but \(configuration.specFile) "
                    + "has feature set '\(configuration.featureSet.rawValue)' [\(expected.joined(separator: ", "))]; train it on this spec's dataset")
        }
        predictor = checkpoint.model.predictor(threadCount: 1)
        guard predictor.tokenCount == m, predictor.featureCount == expected.count else {
            throw StageError.incompatibleInput(stage: stage, file: file,
                                               message: "the model takes \(predictor.tokenCount) MGs × \(predictor.featureCount) features, the spec has \(m) × \(expected.count)")
        }
        featureSet = configuration.featureSet
        pathResistancePU = configuration.pathResistancePU
    }

    func predictedAcceptedInjectionKW(for proposal: TradeProposal, demandKW: [Double]) throws -> [Double] {
        let rows = featureSet.rows(
            demandKW: demandKW, powerFactors: proposal.powerFactors, proposal: proposal.tradesKW,
            netPositionsKW: proposal.netPositionsKW, loadSheddingPrice: proposal.loadSheddingPriceRsPerKW2,
            correctionPrice: proposal.correctionPriceRsPerKW2, loadScale: proposal.loadScale, pathResistancePU: pathResistancePU)
        input.removeAll(keepingCapacity: true)
        for row in rows { for value in row { input.append(Float(value)) } }
        predictor.predict(input, into: &prediction)
        return prediction.acceptedInjectionKW.map(Double.init)
    }
}
