/// Masked mean-squared error over one column of a prediction matrix,
/// forward and backward in one pass.
///
/// `prediction` holds `[N, stride]` values of which the loss reads column 0
/// (`prediction[row · stride]`: the token head's `P̂_acc` next to its
/// curtailment logit); `target[N]` is the standardised truth. `weight[N]`
/// (1 = counted, 0 = absent MG) selects the rows; the sum is divided by
/// `normalizer`, the number of counted rows in the *whole* batch, so that
/// micro-batches of one batch add up to the batch's mean gradient.
/// Writes `dprediction[row · stride] = 2 w (prediction − target) / normalizer`
/// (other columns untouched) and returns the micro-batch's share of the
/// loss, accumulated in Double.
func mseLossForwardBackward(dprediction: FloatPointer?, prediction: FloatPointer, stride: Int, target: FloatPointer,
                            weight: FloatPointer?, rows N: Int, normalizer: Double) -> Double {
    var sum = 0.0
    let scale = Float(2 / normalizer)
    for row in 0..<N {
        let w = weight?[row] ?? 1
        let diff = prediction[row * stride] - target[row]
        sum += Double(w) * Double(diff) * Double(diff)
        dprediction?[row * stride] = scale * w * diff
    }
    return sum / normalizer
}
