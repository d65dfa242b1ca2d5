import SeededRandom
/// An in-memory dataset in the layout of DESIGN.md §5: per sample, M MG
/// tokens of F features and T targets, plus the OPF outcome.
public struct TrainingData: Sendable, Equatable {
    /// Number of samples N.
    public let sampleCount: Int
    /// Tokens (MGs) per sample, M.
    public let tokenCount: Int
    /// Features per token, F.
    public let featureCount: Int
    /// Targets per token, T.
    public let targetCount: Int
    /// `[N, M, F]` row-major, in the units of the dataset file.
    public let inputs: [Float]
    /// `[N, M, T]` row-major (P_acc per MG, kW).
    public let targets: [Float]
    /// Whether the OPF solved the sample (`/opf/status == 0`); other samples
    /// have no trustworthy target and are left out of every split.
    public let solved: [Bool]
    /// Whether the DSO accepted the proposal (`/opf/accepted`), for evaluation.
    public let accepted: [Bool]
    /// Names of the F features (`feature_names`).
    public let featureNames: [String]
    /// Names of the T targets (`target_names`).
    public let targetNames: [String]

    /// Checks every array against the stated shape.
    public init(sampleCount: Int, tokenCount: Int, featureCount: Int, targetCount: Int,
                inputs: [Float], targets: [Float], solved: [Bool]? = nil, accepted: [Bool]? = nil,
                featureNames: [String]? = nil, targetNames: [String]? = nil) throws(LearningError) {
        guard sampleCount >= 0, tokenCount > 0, featureCount > 0, targetCount > 0 else {
            throw .invalidData("shape [N \(sampleCount), M \(tokenCount), F \(featureCount), T \(targetCount)] has an empty dimension")
        }
        guard inputs.count == sampleCount * tokenCount * featureCount else {
            throw .invalidData("inputs hold \(inputs.count) values, expected N·M·F = \(sampleCount * tokenCount * featureCount)")
        }
        guard targets.count == sampleCount * tokenCount * targetCount else {
            throw .invalidData("targets hold \(targets.count) values, expected N·M·T = \(sampleCount * tokenCount * targetCount)")
        }
        let solved = solved ?? [Bool](repeating: true, count: sampleCount)
        let accepted = accepted ?? [Bool](repeating: false, count: sampleCount)
        guard solved.count == sampleCount, accepted.count == sampleCount else {
            throw .invalidData("OPF status/accepted hold \(solved.count)/\(accepted.count) values for \(sampleCount) samples")
        }
        let featureNames = featureNames ?? (0..<featureCount).map { "feature\($0)" }
        let targetNames = targetNames ?? (0..<targetCount).map { "target\($0)" }
        guard featureNames.count == featureCount, targetNames.count == targetCount else {
            throw .invalidData("\(featureNames.count) feature names for \(featureCount) features, \(targetNames.count) target names for \(targetCount) targets")
        }
        self.sampleCount = sampleCount
        self.tokenCount = tokenCount
        self.featureCount = featureCount
        self.targetCount = targetCount
        self.inputs = inputs
        self.targets = targets
        self.solved = solved
        self.accepted = accepted
        self.featureNames = featureNames
        self.targetNames = targetNames
    }

    /// Indices of the samples whose OPF solved.
    public var solvedIndices: [Int] { (0..<sampleCount).filter { solved[$0] } }
}

/// Train / validation / test sample indices.
public struct DataSplit: Codable, Sendable, Equatable {
    /// Samples the model and the standardisation statistics are fitted on.
    public var train: [Int]
    /// Samples for early stopping.
    public var validation: [Int]
    /// Held-out samples for evaluation.
    public var test: [Int]

    /// An explicit split.
    public init(train: [Int], validation: [Int], test: [Int]) {
        self.train = train
        self.validation = validation
        self.test = test
    }

    /// A seeded random split of the solved samples of `data`: a permutation
    /// drawn from `seed`, then the first `validationFraction` go to
    /// validation, the next `testFraction` to test and the rest to training.
    public static func seeded(_ data: TrainingData, validationFraction: Double, testFraction: Double,
                              seed: UInt64) throws(LearningError) -> DataSplit {
        guard validationFraction >= 0, testFraction >= 0, validationFraction + testFraction < 1 else {
            throw .invalidConfiguration(field: "validationFraction/testFraction",
                                        reason: "must be non-negative and sum to less than 1, got \(validationFraction) + \(testFraction)")
        }
        let solved = data.solvedIndices
        var generator = SeededGenerator(seed: seed, stream: 0x5B17)
        let order = generator.permutation(solved.count).map { solved[$0] }
        let validationCount = Int((Double(solved.count) * validationFraction).rounded())
        let testCount = Int((Double(solved.count) * testFraction).rounded())
        return DataSplit(train: Array(order[(validationCount + testCount)...]),
                         validation: Array(order[..<validationCount]),
                         test: Array(order[validationCount..<(validationCount + testCount)]))
    }
}
