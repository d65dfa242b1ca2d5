import Foundation
import PortableMath

/// Multi-head self-attention over the M tokens (MGs) of each sample, forward.
///
/// `qkv[B, M, 3C]` holds queries, keys and values side by side (the output of
/// one linear layer), each split into `H` heads of `C / H` channels. Softmax
/// runs over all tokens — no causal mask, MGs have no order. `keyMask[B, M]`
/// (1 = MG present, 0 = absent) removes absent MGs as keys; a sample must
/// have at least one present MG. Stores the attention probabilities
/// `probabilities[B, H, M, M]` for the backward pass and writes `out[B, M, C]`.
/// With M = 4 tokens each head is a 4×4 problem, too small for BLAS to pay off.
func attentionForward(out: FloatPointer, probabilities: FloatPointer, qkv: FloatPointer, keyMask: FloatPointer?,
                      batch B: Int, tokens M: Int, channels C: Int, heads H: Int) {
    let headSize = C / H
    let scale = 1 / Float(headSize).squareRoot()
    for b in 0..<B {
        for t in 0..<M {
            for h in 0..<H {
                let query = qkv + (b * M + t) * 3 * C + h * headSize
                let p = probabilities + ((b * H + h) * M + t) * M
                var maximum = -Float.infinity
                for t2 in 0..<M {
                    if let keyMask, keyMask[b * M + t2] == 0 { p[t2] = -.infinity; continue }
                    let key = qkv + (b * M + t2) * 3 * C + C + h * headSize
                    p[t2] = vectorDot(query, key, count: headSize) * scale
                    maximum = max(maximum, p[t2])
                }
                var sum: Float = 0
                for t2 in 0..<M {
                    let e = p[t2] == -.infinity ? 0 : Portable.exp(p[t2] - maximum)
                    p[t2] = e
                    sum += e
                }
                let inverseSum = sum > 0 ? 1 / sum : 0
                let o = out + (b * M + t) * C + h * headSize
                for i in 0..<headSize { o[i] = 0 }
                for t2 in 0..<M {
                    p[t2] *= inverseSum
                    let value = qkv + (b * M + t2) * 3 * C + 2 * C + h * headSize
                    for i in 0..<headSize { o[i] += p[t2] * value[i] }
                }
            }
        }
    }
}

/// Backward of `attentionForward`; accumulates into `dqkv[B, M, 3C]`.
///
/// Masked keys have probability exactly 0, so the softmax Jacobian gives
/// them (and their values) zero gradient without a special case.
func attentionBackward(dqkv: FloatPointer, dout: FloatPointer, qkv: FloatPointer, probabilities: FloatPointer,
                       batch B: Int, tokens M: Int, channels C: Int, heads H: Int) {
    let headSize = C / H
    let scale = 1 / Float(headSize).squareRoot()
    withUnsafeTemporaryAllocation(of: Float.self, capacity: M) { dprob in
        for b in 0..<B {
            for t in 0..<M {
                for h in 0..<H {
                    let p = probabilities + ((b * H + h) * M + t) * M
                    let d = dout + (b * M + t) * C + h * headSize
                    let query = qkv + (b * M + t) * 3 * C + h * headSize
                    let dquery = dqkv + (b * M + t) * 3 * C + h * headSize
                    // Through the weighted sum of values.
                    var weighted: Float = 0
                    for t2 in 0..<M {
                        let value = qkv + (b * M + t2) * 3 * C + 2 * C + h * headSize
                        let dvalue = dqkv + (b * M + t2) * 3 * C + 2 * C + h * headSize
                        for i in 0..<headSize { dvalue[i] += p[t2] * d[i] }
                        let dot = vectorDot(value, d, count: headSize)
                        dprob[t2] = dot
                        weighted += p[t2] * dot
                    }
                    // Through the softmax, then the scaled dot products.
                    for t2 in 0..<M {
                        let dscore = p[t2] * (dprob[t2] - weighted) * scale
                        if dscore == 0 { continue }
                        let key = qkv + (b * M + t2) * 3 * C + C + h * headSize
                        let dkey = dqkv + (b * M + t2) * 3 * C + C + h * headSize
                        for i in 0..<headSize {
                            dquery[i] += dscore * key[i]
                            dkey[i] += dscore * query[i]
                        }
                    }
                }
            }
        }
    }
}
