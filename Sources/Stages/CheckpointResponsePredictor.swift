import Learning
import Market
import OPFDataset

/// Case 3's `ResponsePredictor` backed by a trained checkpoint: it builds the
/// dataset's feature rows for a proposal (`FeatureSet.rows`, as the
/// generator did for every stored sample), keeps the columns the model was
/// trained on (by name, so a model of the paper's five features runs on an
/// extended spec) and adapts the model's `ResponsePrediction` — `P̂_acc_n`,
/// the calibrated P(curtailed_n) and p̂_acc — to Market's `PredictedResponse`.
final class CheckpointResponsePredictor: ResponsePredictor {
    private let predictor: Predictor
    private let featureSet: FeatureSet
    private let pathResistancePU: [Double]
    /// For each model feature, its column in the spec's feature rows.
    private let columns: [Int]
    private var input: [Float] = []
    private var prediction = ResponsePrediction(tokenCount: 0)

    /// Wraps the checkpoint at `file` for proposals of `configuration`.
    /// - Throws: `StageError.incompatibleInput` when the model needs a feature the
    ///   spec's feature set does not have, or another number of MGs.
    init(checkpoint: ModelCheckpoint, file: String, configuration: DatasetConfiguration, stage: String) throws {
        let m = configuration.microgrids.count
        let available = configuration.featureSet.names(microgridCount: m)
        columns = try checkpoint.featureNames.map { name in
            guard let column = available.firstIndex(of: name) else {
                throw StageError.incompatibleInput(
                    stage: stage, file: file,
                    message: "the model needs feature '\(name)', which \(configuration.specFile)'s feature set "
                        + "'\(configuration.featureSet.rawValue)' [\(available.joined(separator: ", "))] does not have")
            }
            return column
        }
        predictor = checkpoint.model.predictor(threadCount: 1)
        guard predictor.tokenCount == m, predictor.featureCount == columns.count else {
            throw StageError.incompatibleInput(stage: stage, file: file,
                                               message: "the model takes \(predictor.tokenCount) MGs × \(predictor.featureCount) features, the spec has \(m) MGs")
        }
        featureSet = configuration.featureSet
        pathResistancePU = configuration.pathResistancePU
    }

    func predictResponse(to proposal: TradeProposal, demandKW: [Double]) throws -> PredictedResponse {
        let rows = featureSet.rows(
            demandKW: demandKW, powerFactors: proposal.powerFactors, proposal: proposal.tradesKW,
            netPositionsKW: proposal.netPositionsKW, loadSheddingPrice: proposal.loadSheddingPriceRsPerKW2,
            correctionPrice: proposal.correctionPriceRsPerKW2, loadScale: proposal.loadScale, pathResistancePU: pathResistancePU)
        input.removeAll(keepingCapacity: true)
        for row in rows { for column in columns { input.append(Float(row[column])) } }
        predictor.predict(input, into: &prediction)
        return PredictedResponse(acceptedInjectionKW: prediction.acceptedInjectionKW.map(Double.init),
                                 curtailmentProbability: prediction.curtailmentProbability,
                                 acceptanceProbability: prediction.acceptanceProbability)
    }
}
