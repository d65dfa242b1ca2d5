/// Masked mean-squared error, forward and backward in one pass.
///
/// `weight[N]` (one value per row of `prediction[N, T]`, 1 = counted,
/// 0 = absent MG or failed OPF) selects the entries; the sum is divided by
/// `normalizer`, the number of counted entries in the *whole* batch, so that
/// micro-batches of one batch add up to the batch's mean gradient.
/// Writes `dprediction = 2 w (prediction − target) / normalizer` and returns
/// the micro-batch's share of the loss, accumulated in Double.
func mseLossForwardBackward(dprediction: FloatPointer?, prediction: FloatPointer, target: FloatPointer,
                            weight: FloatPointer?, rows N: Int, targets T: Int, normalizer: Double) -> Double {
    var sum = 0.0
    let scale = Float(2 / normalizer)
    for row in 0..<N {
        let w = weight?[row] ?? 1
        for t in 0..<T {
            let i = row * T + t
            let diff = prediction[i] - target[i]
            sum += Double(w) * Double(diff) * Double(diff)
            dprediction?[i] = scale * w * diff
        }
    }
    return sum / normalizer
}
