import HDF5Store

/// A trained model as stored on disk.
public enum SavedModel: Sendable, Equatable {
    /// A transformer or MLP with its full training state (resumable).
    case network(TrainingState)
    /// A fitted ridge regression and the split it was fitted on.
    case ridge(RidgeRegression, DataSplit)

    /// `transformer`, `mlp` or `ridge`.
    public var kindName: String {
        switch self {
        case .network(let state): return state.architecture.name
        case .ridge: return "ridge"
        }
    }

    /// The split the model was trained on.
    public var split: DataSplit {
        switch self {
        case .network(let state): return state.split
        case .ridge(_, let split): return split
        }
    }

    /// A predictor for the model (a network uses its best epoch's weights).
    public func predictor(threadCount: Int = 1) -> Predictor {
        switch self {
        case .network(let state): return Predictor(state: state, threadCount: threadCount)
        case .ridge(let ridge, _): return Predictor(ridge: ridge)
        }
    }
}

/// The HDF5 checkpoint (DESIGN.md §6): weights, Adam state, normalisation,
/// config, epoch and metric history — everything to resume training or to
/// predict, and nothing else needed.
///
/// Layout: `/model/best` and `/model/current` weights `[P] f32`,
/// `/optimizer/first_moment`, `/optimizer/second_moment` `[P] f32`,
/// `/normalization/{feature,target}_{mean,std}` f32, `/split/{train,validation,test}`
/// i64, `/history/{epoch,train_loss,validation_loss,learning_rate,gradient_norm}`
/// `[E]` and `/history/group_gradient_norms [E, G]` f64; for ridge
/// `/ridge/weights [M·F+1, M·T] f64`. Root attributes: `kind`,
/// `architecture` and `training_config` (JSON), `parameter_names`,
/// `group_names`, `feature_names`, `target_names`, `step`, `epochs_completed`, `best_validation_loss`,
/// `epochs_without_improvement`, `stopped_early`, `data_fingerprint`.
public struct ModelCheckpoint: Sendable, Equatable {
    /// The model.
    public var model: SavedModel
    /// `TrainingData.fingerprint` of the data the model was trained on.
    public var dataFingerprint: UInt64
    /// Names of the input features the model expects, in order.
    public var featureNames: [String]
    /// Names of the targets the model predicts, in order.
    public var targetNames: [String]

    /// Pairs a model with the fingerprint and feature/target names of its training data.
    public init(model: SavedModel, dataFingerprint: UInt64, featureNames: [String], targetNames: [String]) {
        self.model = model
        self.dataFingerprint = dataFingerprint
        self.featureNames = featureNames
        self.targetNames = targetNames
    }

    /// A checkpoint of a model trained on `data`.
    public init(model: SavedModel, trainedOn data: TrainingData) {
        self.init(model: model, dataFingerprint: data.fingerprint, featureNames: data.featureNames, targetNames: data.targetNames)
    }

    /// Checks that `data` has the features and targets the model was trained
    /// on, in the same order; `file` names the data in the error.
    public func checkCompatible(with data: TrainingData, file: String) throws(LearningError) {
        if data.featureNames != featureNames {
            throw .shapeMismatch(file: file, dataset: "@feature_names", expected: "\(featureNames) as in the model",
                                 found: "\(data.featureNames)")
        }
        if data.targetNames != targetNames {
            throw .shapeMismatch(file: file, dataset: "@target_names", expected: "\(targetNames) as in the model",
                                 found: "\(data.targetNames)")
        }
    }

    /// Writes the checkpoint atomically (temporary file, then rename).
    public func write(to path: String) throws(LearningError) {
        try withLearningErrors(file: path) {
            let file = try HDF5File.create(atPath: path)
            try file.setAttribute("kind", to: model.kindName)
            try file.setAttribute("data_fingerprint", to: Int64(bitPattern: dataFingerprint))
            try file.setAttribute("feature_names", to: featureNames)
            try file.setAttribute("target_names", to: targetNames)
            let split = model.split
            try file.write(split.train.map(Int64.init), shape: [split.train.count], to: "/split/train")
            try file.write(split.validation.map(Int64.init), shape: [split.validation.count], to: "/split/validation")
            try file.write(split.test.map(Int64.init), shape: [split.test.count], to: "/split/test")
            switch model {
            case .network(let state): try Self.writeNetwork(state, to: file)
            case .ridge(let ridge, _):
                try Self.writeStandardization(ridge.standardization, to: file)
                try file.setJSONAttribute("shape", to: [ridge.tokenCount, ridge.featureCount, ridge.targetCount])
                try file.setAttribute("lambda", to: ridge.lambda)
                try file.write(ridge.weights, shape: [ridge.tokenCount * ridge.featureCount + 1, ridge.tokenCount * ridge.targetCount],
                               to: "/ridge/weights")
            }
            try file.close()
        }
    }

    private static func writeStandardization(_ s: Standardization, to file: HDF5File) throws {
        try file.write(s.featureMean, shape: [s.featureMean.count], to: "/normalization/feature_mean")
        try file.write(s.featureStd, shape: [s.featureStd.count], to: "/normalization/feature_std")
        try file.write(s.targetMean, shape: [s.targetMean.count], to: "/normalization/target_mean")
        try file.write(s.targetStd, shape: [s.targetStd.count], to: "/normalization/target_std")
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
        try file.write(state.bestParameters, shape: [state.bestParameters.count], to: "/model/best")
        try file.write(state.parameters, shape: [state.parameters.count], to: "/model/current")
        try file.write(state.firstMoment, shape: [state.firstMoment.count], to: "/optimizer/first_moment")
        try file.write(state.secondMoment, shape: [state.secondMoment.count], to: "/optimizer/second_moment")
        let history = state.history, groups = layout.groupNames.count
        try file.write(history.map { Int64($0.epoch) }, shape: [history.count], to: "/history/epoch")
        try file.write(history.map(\.trainLoss), shape: [history.count], to: "/history/train_loss")
        try file.write(history.map(\.validationLoss), shape: [history.count], to: "/history/validation_loss")
        try file.write(history.map(\.learningRate), shape: [history.count], to: "/history/learning_rate")
        try file.write(history.map(\.gradientNorm), shape: [history.count], to: "/history/gradient_norm")
        try file.write(history.flatMap(\.groupGradientNorms), shape: [history.count, groups], to: "/history/group_gradient_norms")
    }

    /// Reads a checkpoint, checking every array against the stored architecture.
    public static func read(from path: String) throws(LearningError) -> ModelCheckpoint {
        try withLearningErrors(file: path) {
            let file = try HDF5File.openReadOnly(atPath: path)
            defer { try? file.close() }
            let kind = try file.stringAttribute("kind")
            let fingerprint = UInt64(bitPattern: try file.attribute("data_fingerprint", as: Int64.self))
            let featureNames = try file.stringArrayAttribute("feature_names")
            let targetNames = try file.stringArrayAttribute("target_names")
            let split = DataSplit(train: try file.read("/split/train", as: Int64.self).values.map { Int($0) },
                                  validation: try file.read("/split/validation", as: Int64.self).values.map { Int($0) },
                                  test: try file.read("/split/test", as: Int64.self).values.map { Int($0) })
            let standardization = Standardization(
                featureMean: try file.read("/normalization/feature_mean", as: Float.self).values,
                featureStd: try file.read("/normalization/feature_std", as: Float.self).values,
                targetMean: try file.read("/normalization/target_mean", as: Float.self).values,
                targetStd: try file.read("/normalization/target_std", as: Float.self).values)
            switch kind {
            case "ridge":
                let shape = try file.jsonAttribute("shape", as: [Int].self)
                guard shape.count == 3 else {
                    throw LearningError.shapeMismatch(file: path, dataset: "@shape", expected: "[M, F, T]", found: "\(shape)")
                }
                let weights = try file.read("/ridge/weights", as: Double.self)
                let expected = [shape[0] * shape[1] + 1, shape[0] * shape[2]]
                guard weights.shape == expected else {
                    throw LearningError.shapeMismatch(file: path, dataset: "/ridge/weights", expected: "\(expected)", found: "\(weights.shape)")
                }
                try check(standardization, features: shape[1], targets: shape[2], file: path)
                let ridge = RidgeRegression(standardization: standardization, tokenCount: shape[0], featureCount: shape[1],
                                            targetCount: shape[2], lambda: try file.attribute("lambda", as: Double.self),
                                            weights: weights.values)
                return ModelCheckpoint(model: .ridge(ridge, split), dataFingerprint: fingerprint, featureNames: featureNames, targetNames: targetNames)
            case "transformer", "mlp":
                let state = try readNetwork(file, path: path, standardization: standardization, split: split)
                return ModelCheckpoint(model: .network(state), dataFingerprint: fingerprint, featureNames: featureNames, targetNames: targetNames)
            default:
                throw LearningError.unreadableFile(file: path, reason: "attribute 'kind' is '\(kind)', expected transformer, mlp or ridge")
            }
        }
    }

    private static func check(_ s: Standardization, features: Int, targets: Int, file: String) throws {
        for (name, values, count) in [("feature_mean", s.featureMean, features), ("feature_std", s.featureStd, features),
                                      ("target_mean", s.targetMean, targets), ("target_std", s.targetStd, targets)]
        where values.count != count {
            throw LearningError.shapeMismatch(file: file, dataset: "/normalization/\(name)", expected: "[\(count)]", found: "[\(values.count)]")
        }
    }

    private static func readNetwork(_ file: HDF5File, path: String, standardization: Standardization,
                                    split: DataSplit) throws -> TrainingState {
        let architecture = try file.jsonAttribute("architecture", as: ModelArchitecture.self)
        do { try architecture.validate() } catch {
            throw LearningError.unreadableFile(file: path, reason: "attribute 'architecture': \(error)")
        }
        let config = try file.jsonAttribute("training_config", as: TrainingConfig.self)
        let layout = architecture.layout
        let shape = architecture.shape
        try check(standardization, features: shape.features, targets: shape.targets, file: path)
        func vector(_ dataset: String) throws -> [Float] {
            let array = try file.read(dataset, as: Float.self)
            guard array.shape == [layout.count] else {
                throw LearningError.shapeMismatch(file: path, dataset: dataset, expected: "[\(layout.count)] (\(architecture.name) parameters)",
                                                  found: "\(array.shape)")
            }
            return array.values
        }
        let epochs = try file.read("/history/epoch", as: Int64.self).values
        func series(_ dataset: String) throws -> [Double] {
            let values = try file.read(dataset, as: Double.self).values
            guard values.count == epochs.count else {
                throw LearningError.shapeMismatch(file: path, dataset: dataset, expected: "[\(epochs.count)]", found: "[\(values.count)]")
            }
            return values
        }
        let train = try series("/history/train_loss"), validation = try series("/history/validation_loss")
        let rates = try series("/history/learning_rate"), norms = try series("/history/gradient_norm")
        let groupNorms = try file.read("/history/group_gradient_norms", as: Double.self)
        let groups = layout.groupNames.count
        guard groupNorms.values.count == epochs.count * groups else {
            throw LearningError.shapeMismatch(file: path, dataset: "/history/group_gradient_norms", expected: "[\(epochs.count), \(groups)]",
                                              found: "\(groupNorms.shape)")
        }
        let history = epochs.indices.map { e in
            EpochRecord(epoch: Int(epochs[e]), trainLoss: train[e], validationLoss: validation[e], learningRate: rates[e],
                        gradientNorm: norms[e], groupGradientNorms: Array(groupNorms.values[(e * groups)..<((e + 1) * groups)]))
        }
        return TrainingState(architecture: architecture, config: config, standardization: standardization, split: split,
                             parameters: try vector("/model/current"), firstMoment: try vector("/optimizer/first_moment"),
                             secondMoment: try vector("/optimizer/second_moment"),
                             step: Int(try file.attribute("step", as: Int64.self)),
                             epochsCompleted: Int(try file.attribute("epochs_completed", as: Int64.self)),
                             bestParameters: try vector("/model/best"),
                             bestValidationLoss: try file.attribute("best_validation_loss", as: Double.self),
                             epochsWithoutImprovement: Int(try file.attribute("epochs_without_improvement", as: Int64.self)),
                             stoppedEarly: try file.attribute("stopped_early", as: UInt8.self) != 0, history: history)
    }
}
