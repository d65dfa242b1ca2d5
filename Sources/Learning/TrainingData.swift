import SeededRandom
/// An in-memory dataset in the layout of DESIGN.md §5: per sample, M MG
/// tokens of F features and the two per-MG targets (`P_acc_n`, `curtailed_n`),
/// plus the OPF outcome.
public struct TrainingData: Sendable, Equatable {
    /// The per-MG targets a dataset file must hold in `/targets [N, M, 2]`, in this order.
    public static let targetNames = ["P_acc_n", "curtailed_n"]

    /// Number of samples N.
    public let sampleCount: Int
    /// Tokens (MGs) per sample, M.
    public let tokenCount: Int
    /// Features per token, F.
    public let featureCount: Int
    /// `[N, M, F]` row-major, in the units of the dataset file.
    public let inputs: [Float]
    /// `[N, M]` accepted injection `P_acc_n` per MG, kW (the regression target).
    public let acceptedInjectionKW: [Float]
    /// `[N, M]` whether the DSO curtailed some trade of the MG (`curtailed_n`: some α < 0.999).
    public let curtailed: [Bool]
    /// Whether the OPF solved the sample (`/opf/status == 0`); other samples
    /// have no trustworthy target and are left out of every split.
    public let solved: [Bool]
    /// `[N]` whether the DSO accepted the proposal (`/opf/accepted`: no MG curtailed).
    public let accepted: [Bool]
    /// Names of the F features (`feature_names`).
    public let featureNames: [String]

    /// Checks every array against the stated shape. Without `accepted`, a
    /// proposal counts as accepted when none of its MGs is curtailed, which
    /// is how the dataset defines it.
    public init(sampleCount: Int, tokenCount: Int, featureCount: Int, inputs: [Float], acceptedInjectionKW: [Float],
                curtailed: [Bool], solved: [Bool]? = nil, accepted: [Bool]? = nil,
                featureNames: [String]? = nil) throws(LearningError) {
        guard sampleCount >= 0, tokenCount > 0, featureCount > 0 else {
            throw .invalidData("shape [N \(sampleCount), M \(tokenCount), F \(featureCount)] has an empty dimension")
        }
        guard inputs.count == sampleCount * tokenCount * featureCount else {
            throw .invalidData("inputs hold \(inputs.count) values, expected N·M·F = \(sampleCount * tokenCount * featureCount)")
        }
        guard acceptedInjectionKW.count == sampleCount * tokenCount, curtailed.count == sampleCount * tokenCount else {
            throw .invalidData("P_acc/curtailed hold \(acceptedInjectionKW.count)/\(curtailed.count) values, expected N·M = \(sampleCount * tokenCount)")
        }
        let solved = solved ?? [Bool](repeating: true, count: sampleCount)
        let accepted = accepted ?? (0..<sampleCount).map { n in !curtailed[(n * tokenCount)..<((n + 1) * tokenCount)].contains(true) }
        guard solved.count == sampleCount, accepted.count == sampleCount else {
            throw .invalidData("OPF status/accepted hold \(solved.count)/\(accepted.count) values for \(sampleCount) samples")
        }
        let featureNames = featureNames ?? (0..<featureCount).map { "feature\($0)" }
        guard featureNames.count == featureCount else {
            throw .invalidData("\(featureNames.count) feature names for \(featureCount) features")
        }
        self.sampleCount = sampleCount
        self.tokenCount = tokenCount
        self.featureCount = featureCount
        self.inputs = inputs
        self.acceptedInjectionKW = acceptedInjectionKW
        self.curtailed = curtailed
        self.solved = solved
        self.accepted = accepted
        self.featureNames = featureNames
    }

    /// Indices of the samples whose OPF solved.
    public var solvedIndices: [Int] { (0..<sampleCount).filter { solved[$0] } }

    /// The same samples with only the features `names`, in that order,
    /// picked by name (never by position, so an extended file serves a model
    /// trained on the paper's five features). Returns `self` when the names
    /// already match. `file` names the data in the error.
    /// - Throws: `LearningError.missingFeature` for the first name the data lacks.
    public func selectingFeatures(_ names: [String], file: String) throws(LearningError) -> TrainingData {
        if names == featureNames { return self }
        guard !names.isEmpty, Set(names).count == names.count else {
            throw .invalidConfiguration(field: "featureNames", reason: "must name at least one feature, each once, got \(names)")
        }
        var columns: [Int] = []
        for name in names {
            guard let column = featureNames.firstIndex(of: name) else {
                throw .missingFeature(file: file, feature: name, available: featureNames)
            }
            columns.append(column)
        }
        var selected = [Float]()
        selected.reserveCapacity(sampleCount * tokenCount * names.count)
        for row in 0..<(sampleCount * tokenCount) {
            for column in columns { selected.append(inputs[row * featureCount + column]) }
        }
        return try TrainingData(sampleCount: sampleCount, tokenCount: tokenCount, featureCount: names.count, inputs: selected,
                                acceptedInjectionKW: acceptedInjectionKW, curtailed: curtailed, solved: solved,
                                accepted: accepted, featureNames: names)
    }
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
