import HDF5Store

/// A trained model as stored on disk.
public enum SavedModel: Sendable, Equatable {
    /// A transformer or MLP with its full training state (resumable).
    case network(TrainingState)
    /// A fitted linear baseline (ridge + logistic regression) and the split it was fitted on.
    case linear(LinearBaseline, DataSplit)

    /// `transformer`, `mlp` or `ridge` (the linear baseline's name on the command line).
    public var kindName: String {
        switch self {
        case .network(let state): return state.architecture.name
        case .linear: return "ridge"
        }
    }

    /// The split the model was trained on.
    public var split: DataSplit {
        switch self {
        case .network(let state): return state.split
        case .linear(_, let split): return split
        }
    }

    /// The input features the model reads, in order.
    public var featureNames: [String] {
        switch self {
        case .network(let state): return state.featureNames
        case .linear(let baseline, _): return baseline.featureNames
        }
    }

    /// A predictor for the model (a network uses its best epoch's weights and its calibration).
    public func predictor(threadCount: Int = 1) -> Predictor {
        switch self {
        case .network(let state): return Predictor(state: state, threadCount: threadCount)
        case .linear(let baseline, _): return Predictor(baseline: baseline)
        }
    }
}

/// The HDF5 checkpoint (DESIGN.md §6): weights, Adam state, normalisation,
/// calibration, config, epoch and metric history — everything to resume
/// training or to predict, and nothing else needed.
///
/// Layout (format version 2): root attributes `format_version` (2), `kind`,
/// `data_fingerprint`, `feature_names` (the model's input features, in
/// order), `target_names` (`P_acc_n`, `curtailed_n`); `/split/{train,validation,test}`
/// i64; `/normalization/feature_{mean,std} [F]` and
/// `/normalization/target_{mean,std} [1]` f32 (of `P_acc_n`).
/// Networks: `/calibration/{token,proposal}_temperature [1]` f64,
/// `/model/best` and `/model/current` weights `[P] f32`,
/// `/optimizer/first_moment`, `/optimizer/second_moment` `[P] f32`,
/// `/history/{epoch,train_loss,validation_loss,learning_rate,gradient_norm}` `[E]`,
/// `/history/{train,validation}_{mse,bce_token,bce_proposal}` `[E]` and
/// `/history/group_gradient_norms [E, G]` f64; attributes `architecture` and
/// `training_config` (JSON), `parameter_names`, `group_names`, `step`,
/// `epochs_completed`, `best_validation_loss`, `epochs_without_improvement`,
/// `stopped_early`. Linear baseline (`kind` = `ridge`): attributes `shape`
/// (`[M, F]`, JSON) and `lambda`; `/ridge/weights [M·F+1, M]`,
/// `/logistic/curtailment_weights [M, M·F+1]`, `/logistic/curtailment_lambda [M]`,
/// `/logistic/acceptance_weights [M·F+1]`, `/logistic/acceptance_lambda [1]`, all f64.
public struct ModelCheckpoint: Sendable, Equatable {
    /// The layout version written, and the only one read. Version 1 (before
    /// the curtailment and acceptance heads) held a single `P_acc` head.
    public static let formatVersion: Int64 = 2

    /// The model.
    public var model: SavedModel
    /// `TrainingData.fingerprint` of the data the model was trained on (all of the file's features).
    public var dataFingerprint: UInt64

    /// Names of the input features the model expects, in order.
    public var featureNames: [String] { model.featureNames }

    /// Pairs a model with the fingerprint of its training data.
    public init(model: SavedModel, dataFingerprint: UInt64) {
        self.model = model
        self.dataFingerprint = dataFingerprint
    }

    /// A checkpoint of a model trained on `data` (with all its features, of
    /// which the model reads its `featureNames`).
    public init(model: SavedModel, trainedOn data: TrainingData) {
        self.init(model: model, dataFingerprint: data.fingerprint)
    }

    /// `data` reduced to the model's features, picked by name; `file` names
    /// the data in the error.
    /// - Throws: `LearningError.missingFeature` when the data lacks one.
    public func inputs(from data: TrainingData, file: String) throws(LearningError) -> TrainingData {
        try data.selectingFeatures(featureNames, file: file)
    }

    /// Writes the checkpoint atomically (temporary file, then rename).
    public func write(to path: String) throws(LearningError) {
        try withLearningErrors(file: path) {
            let file = try HDF5File.create(atPath: path)
            try file.setAttribute("format_version", to: Self.formatVersion)
            try file.setAttribute("kind", to: model.kindName)
            try file.setAttribute("data_fingerprint", to: Int64(bitPattern: dataFingerprint))
            try file.setAttribute("feature_names", to: featureNames)
            try file.setAttribute("target_names", to: TrainingData.targetNames)
            let split = model.split
            try file.write(split.train.map(Int64.init), shape: [split.train.count], to: "/split/train")
            try file.write(split.validation.map(Int64.init), shape: [split.validation.count], to: "/split/validation")
            try file.write(split.test.map(Int64.init), shape: [split.test.count], to: "/split/test")
            switch model {
            case .network(let state): try Self.writeNetwork(state, to: file)
            case .linear(let baseline, _): try Self.writeLinear(baseline, to: file)
            }
            try file.close()
        }
    }

    private static func writeStandardization(_ s: Standardization, to file: HDF5File) throws {
        try file.write(s.featureMean, shape: [s.featureMean.count], to: "/normalization/feature_mean")
        try file.write(s.featureStd, shape: [s.featureStd.count], to: "/normalization/feature_std")
        try file.write([s.targetMean], shape: [1], to: "/normalization/target_mean")
        try file.write([s.targetStd], shape: [1], to: "/normalization/target_std")
    }

    private static func writeLinear(_ baseline: LinearBaseline, to file: HDF5File) throws {
        let (m, d) = (baseline.tokenCount, baseline.tokenCount * baseline.featureCount + 1)
        try writeStandardization(baseline.ridge.standardization, to: file)
        try file.setJSONAttribute("shape", to: [m, baseline.featureCount])
        try file.setAttribute("lambda", to: baseline.ridge.lambda)
        try file.write(baseline.ridge.weights, shape: [d, m], to: "/ridge/weights")
        try file.write(baseline.curtailment.flatMap(\.weights), shape: [m, d], to: "/logistic/curtailment_weights")
        try file.write(baseline.curtailment.map(\.lambda), shape: [m], to: "/logistic/curtailment_lambda")
        try file.write(baseline.acceptance.weights, shape: [d], to: "/logistic/acceptance_weights")
        try file.write([baseline.acceptance.lambda], shape: [1], to: "/logistic/acceptance_lambda")
    }

    private static func writeNetwork(_ state: TrainingState, to file: HDF5File) throws {
        let layout = state.architecture.layout
        try file.setJSONAttribute("architecture", to: state.architecture)
        try file.setJSONAttribute("training_config", to: state.config)
        try file.setAttribute("parameter_names", to: layout.tensors.map(\.name))
        try file.setAttribute("group_names", to: layout.groupNames)
        try file.setAttribute("step", to: Int64(state.step))
        try file.setAttribute("epochs_completed", to: Int64(state.epochsCompleted))
        try file.setAttribute("best_validation_loss", to: state.bestValidationLoss)
        try file.setAttribute("epochs_without_improvement", to: Int64(state.epochsWithoutImprovement))
        try file.setAttribute("stopped_early", to: UInt8(state.stoppedEarly ? 1 : 0))
        try writeStandardization(state.standardization, to: file)
        try file.write([state.calibration.tokenTemperature], shape: [1], to: "/calibration/token_temperature")
        try file.write([state.calibration.proposalTemperature], shape: [1], to: "/calibration/proposal_temperature")
        try file.write(state.bestParameters, shape: [state.bestParameters.count], to: "/model/best")
        try file.write(state.parameters, shape: [state.parameters.count], to: "/model/current")
        try file.write(state.firstMoment, shape: [state.firstMoment.count], to: "/optimizer/first_moment")
        try file.write(state.secondMoment, shape: [state.secondMoment.count], to: "/optimizer/second_moment")
        let history = state.history, groups = layout.groupNames.count
        try file.write(history.map { Int64($0.epoch) }, shape: [history.count], to: "/history/epoch")
        try file.write(history.map(\.trainLoss), shape: [history.count], to: "/history/train_loss")
        try file.write(history.map(\.validationLoss), shape: [history.count], to: "/history/validation_loss")
        for (prefix, heads) in [("train", history.map(\.trainHeads)), ("validation", history.map(\.validationHeads))] {
            try file.write(heads.map(\.mse), shape: [history.count], to: "/history/\(prefix)_mse")
            try file.write(heads.map(\.tokenBCE), shape: [history.count], to: "/history/\(prefix)_bce_token")
            try file.write(heads.map(\.proposalBCE), shape: [history.count], to: "/history/\(prefix)_bce_proposal")
        }
        try file.write(history.map(\.learningRate), shape: [history.count], to: "/history/learning_rate")
        try file.write(history.map(\.gradientNorm), shape: [history.count], to: "/history/gradient_norm")
        try file.write(history.flatMap(\.groupGradientNorms), shape: [history.count, groups], to: "/history/group_gradient_norms")
    }

    /// Reads a checkpoint, checking the format version and every array against the stored shape.
    public static func read(from path: String) throws(LearningError) -> ModelCheckpoint {
        try withLearningErrors(file: path) {
            let file = try HDF5File.openReadOnly(atPath: path)
            defer { try? file.close() }
            guard try file.attributeNames().contains("format_version") else {
                throw LearningError.unreadableFile(
                    file: path, reason: "checkpoint format 1 (a single P_acc head, no curtailment or acceptance heads) is no longer supported; retrain the model")
            }
            let version = try file.attribute("format_version", as: Int64.self)
            guard version == formatVersion else {
                throw LearningError.invalidAttribute(file: path, attribute: "format_version", expected: "\(formatVersion)", found: "\(version)")
            }
            let kind = try file.stringAttribute("kind")
            let fingerprint = UInt64(bitPattern: try file.attribute("data_fingerprint", as: Int64.self))
            let featureNames = try file.stringArrayAttribute("feature_names")
            let split = DataSplit(train: try file.read("/split/train", as: Int64.self).values.map { Int($0) },
                                  validation: try file.read("/split/validation", as: Int64.self).values.map { Int($0) },
                                  test: try file.read("/split/test", as: Int64.self).values.map { Int($0) })
            let standardization = try readStandardization(file, path: path, features: featureNames.count)
            switch kind {
            case "ridge":
                let baseline = try readLinear(file, path: path, standardization: standardization, featureNames: featureNames)
                return ModelCheckpoint(model: .linear(baseline, split), dataFingerprint: fingerprint)
            case "transformer", "mlp":
                let state = try readNetwork(file, path: path, standardization: standardization, split: split, featureNames: featureNames)
                return ModelCheckpoint(model: .network(state), dataFingerprint: fingerprint)
            default:
                throw LearningError.unreadableFile(file: path, reason: "attribute 'kind' is '\(kind)', expected transformer, mlp or ridge")
            }
        }
    }

    /// A dataset of `file` checked to have `shape`.
    private static func array<Element: HDF5Element>(_ file: HDF5File, _ dataset: String, _ shape: [Int], path: String,
                                                     as type: Element.Type, what: String = "") throws -> [Element] {
        let array = try file.read(dataset, as: type)
        guard array.shape == shape else {
            throw LearningError.shapeMismatch(file: path, dataset: dataset, expected: "\(shape)\(what)", found: "\(array.shape)")
        }
        return array.values
    }

    private static func readStandardization(_ file: HDF5File, path: String, features: Int) throws -> Standardization {
        Standardization(featureMean: try array(file, "/normalization/feature_mean", [features], path: path, as: Float.self),
                        featureStd: try array(file, "/normalization/feature_std", [features], path: path, as: Float.self),
                        targetMean: try array(file, "/normalization/target_mean", [1], path: path, as: Float.self)[0],
                        targetStd: try array(file, "/normalization/target_std", [1], path: path, as: Float.self)[0])
    }

    private static func readLinear(_ file: HDF5File, path: String, standardization: Standardization,
                                   featureNames: [String]) throws -> LinearBaseline {
        let shape = try file.jsonAttribute("shape", as: [Int].self)
        guard shape.count == 2, shape[1] == featureNames.count, shape[0] > 0 else {
            throw LearningError.shapeMismatch(file: path, dataset: "@shape", expected: "[M, \(featureNames.count)]", found: "\(shape)")
        }
        let (m, d) = (shape[0], shape[0] * shape[1] + 1)
        let ridge = RidgeRegression(standardization: standardization, tokenCount: m, featureCount: shape[1],
                                    lambda: try file.attribute("lambda", as: Double.self),
                                    weights: try array(file, "/ridge/weights", [d, m], path: path, as: Double.self))
        let weights = try array(file, "/logistic/curtailment_weights", [m, d], path: path, as: Double.self)
        let lambdas = try array(file, "/logistic/curtailment_lambda", [m], path: path, as: Double.self)
        let curtailment = (0..<m).map { LogisticRegression(lambda: lambdas[$0], weights: Array(weights[($0 * d)..<(($0 + 1) * d)])) }
        let acceptance = LogisticRegression(lambda: try array(file, "/logistic/acceptance_lambda", [1], path: path, as: Double.self)[0],
                                            weights: try array(file, "/logistic/acceptance_weights", [d], path: path, as: Double.self))
        return LinearBaseline(featureNames: featureNames, ridge: ridge, curtailment: curtailment, acceptance: acceptance)
    }

    private static func readNetwork(_ file: HDF5File, path: String, standardization: Standardization,
                                    split: DataSplit, featureNames: [String]) throws -> TrainingState {
        let architecture = try file.jsonAttribute("architecture", as: ModelArchitecture.self)
        do { try architecture.validate() } catch {
            throw LearningError.unreadableFile(file: path, reason: "attribute 'architecture': \(error)")
        }
        guard architecture.shape.features == featureNames.count else {
            throw LearningError.shapeMismatch(file: path, dataset: "@feature_names", expected: "\(architecture.shape.features) names (F of the architecture)",
                                              found: "\(featureNames.count) names")
        }
        let config = try file.jsonAttribute("training_config", as: TrainingConfig.self)
        let layout = architecture.layout
        func vector(_ dataset: String) throws -> [Float] {
            try array(file, dataset, [layout.count], path: path, as: Float.self, what: " (\(architecture.name) parameters)")
        }
        let epochs = try file.read("/history/epoch", as: Int64.self).values
        func series(_ dataset: String) throws -> [Double] { try array(file, dataset, [epochs.count], path: path, as: Double.self) }
        func heads(_ prefix: String) throws -> [HeadLosses] {
            let mse = try series("/history/\(prefix)_mse"), token = try series("/history/\(prefix)_bce_token")
            let proposal = try series("/history/\(prefix)_bce_proposal")
            return epochs.indices.map { HeadLosses(mse: mse[$0], tokenBCE: token[$0], proposalBCE: proposal[$0]) }
        }
        let train = try series("/history/train_loss"), validation = try series("/history/validation_loss")
        let trainHeads = try heads("train"), validationHeads = try heads("validation")
        let rates = try series("/history/learning_rate"), norms = try series("/history/gradient_norm")
        let groups = layout.groupNames.count
        let groupNorms = try array(file, "/history/group_gradient_norms", [epochs.count, groups], path: path, as: Double.self)
        let history = epochs.indices.map { e in
            EpochRecord(epoch: Int(epochs[e]), trainLoss: train[e], validationLoss: validation[e], trainHeads: trainHeads[e],
                        validationHeads: validationHeads[e], learningRate: rates[e], gradientNorm: norms[e],
                        groupGradientNorms: Array(groupNorms[(e * groups)..<((e + 1) * groups)]))
        }
        let calibration = Calibration(
            tokenTemperature: try array(file, "/calibration/token_temperature", [1], path: path, as: Double.self)[0],
            proposalTemperature: try array(file, "/calibration/proposal_temperature", [1], path: path, as: Double.self)[0])
        return TrainingState(architecture: architecture, config: config, featureNames: featureNames,
                             standardization: standardization, split: split,
                             parameters: try vector("/model/current"), firstMoment: try vector("/optimizer/first_moment"),
                             secondMoment: try vector("/optimizer/second_moment"),
                             step: Int(try file.attribute("step", as: Int64.self)),
                             epochsCompleted: Int(try file.attribute("epochs_completed", as: Int64.self)),
                             bestParameters: try vector("/model/best"),
                             bestValidationLoss: try file.attribute("best_validation_loss", as: Double.self),
                             epochsWithoutImprovement: Int(try file.attribute("epochs_without_improvement", as: Int64.self)),
                             stoppedEarly: try file.attribute("stopped_early", as: UInt8.self) != 0, history: history,
                             calibration: calibration)
    }
}
