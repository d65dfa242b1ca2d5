/// Epsilon added to the variance, as in PyTorch's `nn.LayerNorm`.
let layerNormEpsilon: Float = 1e-5

/// LayerNorm over the last dimension C of `inp[N, C]`, forward.
///
/// Stores each row's mean and reciprocal standard deviation (`mean[N]`,
/// `rstd[N]`) for the backward pass. The variance is taken two-pass, around
/// the mean, so a large common offset in a row costs no precision.
func layerNormForward(out: FloatPointer, mean: FloatPointer, rstd: FloatPointer,
                      inp: FloatPointer, weight: FloatPointer, bias: FloatPointer,
                      rows N: Int, channels C: Int) {
    for row in 0..<N {
        let x = inp + row * C
        let m = vectorSum(x, count: C) / Float(C)
        let variance = vectorSquaredDeviation(x, center: m, count: C) / Float(C)
        let s = 1 / (variance + layerNormEpsilon).squareRoot()
        let o = out + row * C
        for i in 0..<C { o[i] = (x[i] - m) * s * weight[i] + bias[i] }
        mean[row] = m
        rstd[row] = s
    }
}

/// Backward of `layerNormForward`; accumulates into `dinp`, `dweight`, `dbias`.
func layerNormBackward(dinp: FloatPointer, dweight: FloatPointer, dbias: FloatPointer,
                       dout: FloatPointer, inp: FloatPointer, weight: FloatPointer,
                       mean: FloatPointer, rstd: FloatPointer, rows N: Int, channels C: Int) {
    for row in 0..<N {
        let x = inp + row * C, d = dout + row * C, dx = dinp + row * C
        let m = mean[row], s = rstd[row]
        // The normalised input's gradient has its mean and its projection on
        // the normalised input removed, because both are fixed by normalisation.
        let dnormMean = vectorDot(weight, d, count: C) / Float(C)
        // Σ w·d·(x − m)·s = s·(Σ w·d·x − m·Σ w·d)
        let dnormNormMean = s * (vectorTripleDot(weight, d, x, count: C) - m * dnormMean * Float(C)) / Float(C)
        for i in 0..<C {
            let norm = (x[i] - m) * s
            let dnorm = weight[i] * d[i]
            dbias[i] += d[i]
            dweight[i] += norm * d[i]
            dx[i] += (dnorm - dnormMean - norm * dnormNormMean) * s
        }
    }
}
