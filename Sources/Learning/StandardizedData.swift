/// A dataset as the networks read it: features standardised, `P_acc_n`
/// standardised, the labels as 0/1 Float32 — in flat buffers the
/// micro-batch workers copy their samples from.
final class StandardizedData: @unchecked Sendable {
    /// Tokens per sample, M, and features per token, F.
    let tokenCount: Int, featureCount: Int
    /// `[N, M, F]` standardised features.
    let inputs: FloatBuffer
    /// `[N, M]` standardised `P_acc_n`.
    let acceptedInjection: FloatBuffer
    /// `[N, M]` 1 where the MG was curtailed.
    let curtailed: FloatBuffer
    /// `[N]` 1 where the DSO accepted the proposal.
    let accepted: FloatBuffer

    /// Standardises `data` (whose features must be the model's) with `standardization`.
    init(_ data: TrainingData, standardization: Standardization) {
        tokenCount = data.tokenCount
        featureCount = data.featureCount
        inputs = FloatBuffer(data.inputs)
        standardization.standardizeFeatures(inputs.pointer, rows: data.sampleCount * data.tokenCount)
        acceptedInjection = FloatBuffer(data.acceptedInjectionKW.map(standardization.standardizeTarget))
        curtailed = FloatBuffer(data.curtailed.map { $0 ? 1 : 0 })
        accepted = FloatBuffer(data.accepted.map { $0 ? 1 : 0 })
    }

    /// Raw features `[count, M, F]` for prediction, standardised; no labels.
    init(features: UnsafeBufferPointer<Float>, tokenCount: Int, featureCount: Int, standardization: Standardization) {
        self.tokenCount = tokenCount
        self.featureCount = featureCount
        inputs = FloatBuffer(count: features.count)
        inputs.pointer.update(from: features.baseAddress!, count: features.count)
        standardization.standardizeFeatures(inputs.pointer, rows: features.count / featureCount)
        (acceptedInjection, curtailed, accepted) = (FloatBuffer(count: 0), FloatBuffer(count: 0), FloatBuffer(count: 0))
    }
}
