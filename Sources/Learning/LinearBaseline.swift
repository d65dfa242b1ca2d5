/// The linear baseline (`--model ridge`), with the transformer's outputs:
/// ridge regression for `P_acc_n` and L2-regularised logistic regression
/// for the probabilities, all on the same flattened standardised sample
/// features (M·F values and a bias, statistics of the training split).
///
/// One logistic model per MG token label (`curtailed_n`, M models: MG n's
/// curtailment depends on its own bus and trades, so sharing weights across
/// MG slots would average different buses away) and one for the proposal
/// label (`accepted`). Each picks its own λ from `LogisticRegression.lambdaGrid`
/// by validation log-loss. These probabilities are maximum-likelihood fits
/// with the penalty chosen on validation log-loss, which is the quantity
/// temperature scaling would minimise; so the baseline is not temperature
/// scaled (its calibration is `Calibration.identity`).
public struct LinearBaseline: Sendable, Equatable {
    /// The input features the baseline reads, in order.
    public var featureNames: [String]
    /// `P_acc_n` regression (and the feature statistics all parts share).
    public var ridge: RidgeRegression
    /// `[M]` logistic models of P(curtailed_n), one per MG slot.
    public var curtailment: [LogisticRegression]
    /// Logistic model of P(accepted).
    public var acceptance: LogisticRegression

    /// The given parts.
    public init(featureNames: [String], ridge: RidgeRegression, curtailment: [LogisticRegression], acceptance: LogisticRegression) {
        self.featureNames = featureNames
        self.ridge = ridge
        self.curtailment = curtailment
        self.acceptance = acceptance
    }

    /// Tokens per sample, M.
    public var tokenCount: Int { ridge.tokenCount }
    /// Features per token, F.
    public var featureCount: Int { ridge.featureCount }
    /// Fitted coefficients: (M·F + 1)·M of the ridge plus (M·F + 1) per logistic model.
    public var parameterCount: Int { ridge.weights.count + curtailment.map(\.weights.count).reduce(0, +) + acceptance.weights.count }

    /// Fits every part on `split.train` of `data`'s features `featureNames`
    /// (nil = all), choosing each λ on `split.validation`.
    public static func fit(_ data: TrainingData, split: DataSplit, featureNames: [String]? = nil) throws(LearningError) -> LinearBaseline {
        let names = featureNames ?? data.featureNames
        let data = try data.selectingFeatures(names, file: "the training data")
        guard !split.train.isEmpty else { throw .invalidData("the training split is empty") }
        let standardization = try Standardization(fitting: data, samples: split.train)
        let ridge = try RidgeRegression.fit(data, split: split, standardization: standardization, lambda: 1)
        let D = data.tokenCount * data.featureCount + 1, M = data.tokenCount
        let train = standardizedDesign(data, standardization, split.train)
        let validation = standardizedDesign(data, standardization, split.validation)
        func labels(_ samples: [Int], _ label: (Int) -> Bool) -> [Double] { samples.map { label($0) ? 1 : 0 } }
        var curtailment: [LogisticRegression] = []
        for m in 0..<M {
            let label = { (sample: Int) in data.curtailed[sample * M + m] }
            curtailment.append(try LogisticRegression.fit(train: (train, labels(split.train, label)),
                                                          validation: (validation, labels(split.validation, label)),
                                                          width: D, what: "curtailed_n of MG slot \(m)"))
        }
        let acceptance = try LogisticRegression.fit(train: (train, labels(split.train) { data.accepted[$0] }),
                                                    validation: (validation, labels(split.validation) { data.accepted[$0] }),
                                                    width: D, what: "proposal acceptance")
        return LinearBaseline(featureNames: names, ridge: ridge, curtailment: curtailment, acceptance: acceptance)
    }

    /// One sample: raw features `[M, F]` → `P̂_acc` `[M]` kW and P(curtailed) `[M]`;
    /// returns P(accepted). `design` `[M·F + 1]` is scratch.
    func predict(input: UnsafeBufferPointer<Float>, design: UnsafeMutableBufferPointer<Double>,
                 acceptedInjectionKW: UnsafeMutableBufferPointer<Float>,
                 curtailmentProbability: UnsafeMutableBufferPointer<Double>) -> Double {
        let s = ridge.standardization, F = featureCount
        for i in 0..<(tokenCount * F) { design[i] = Double((input[i] - s.featureMean[i % F]) / s.featureStd[i % F]) }
        design[tokenCount * F] = 1
        let row = UnsafeBufferPointer(design)
        ridge.predict(design: row, output: acceptedInjectionKW)
        for m in 0..<tokenCount { curtailmentProbability[m] = logistic(curtailment[m].logit(row)) }
        return logistic(acceptance.logit(row))
    }
}
