/// Mean over the tokens of each sample, forward:
/// `out[b, c] = Σ_m w[b, m] · inp[b, m, c] / Σ_m w[b, m]`.
///
/// `keyMask[B, M]` (1 = present MG, 0 = absent; nil = all present) gives the
/// weights, so absent MGs do not dilute the proposal-level summary that the
/// acceptance head reads. A sample whose tokens are all masked pools to 0.
func meanPoolForward(out: FloatPointer, inp: FloatPointer, keyMask: FloatPointer?,
                     batch B: Int, tokens M: Int, channels C: Int) {
    for b in 0..<B {
        let o = out + b * C
        o.update(repeating: 0, count: C)
        let total = poolWeightTotal(keyMask, sample: b, tokens: M)
        guard total > 0 else { continue }
        for m in 0..<M {
            let w = (keyMask?[b * M + m] ?? 1) / total
            if w == 0 { continue }
            let x = inp + (b * M + m) * C
            for c in 0..<C { o[c] += w * x[c] }
        }
    }
}

/// Backward of `meanPoolForward`: accumulates (`+=`) `w[b, m] / Σ w · dout[b, c]` into `dinp[b, m, c]`.
func meanPoolBackward(dinp: FloatPointer, dout: FloatPointer, keyMask: FloatPointer?,
                      batch B: Int, tokens M: Int, channels C: Int) {
    for b in 0..<B {
        let total = poolWeightTotal(keyMask, sample: b, tokens: M)
        guard total > 0 else { continue }
        let d = dout + b * C
        for m in 0..<M {
            let w = (keyMask?[b * M + m] ?? 1) / total
            if w == 0 { continue }
            let dx = dinp + (b * M + m) * C
            for c in 0..<C { dx[c] += w * d[c] }
        }
    }
}

/// `Σ_m keyMask[b, m]` (M without a mask).
@inline(__always)
private func poolWeightTotal(_ keyMask: FloatPointer?, sample b: Int, tokens M: Int) -> Float {
    guard let keyMask else { return Float(M) }
    var total: Float = 0
    for m in 0..<M { total += keyMask[b * M + m] }
    return total
}
