import DenseKernels

/// Fully connected layer, forward: `out[N, OC] = inp[N, C] · weightᵀ + bias`.
///
/// `weight` is stored `[OC, C]` (PyTorch's `nn.Linear` layout) so checkpoints
/// map one-to-one onto the reference implementation. One `dk_sgemm` covers
/// all N rows (every token of every sample in the batch); each output starts
/// from its bias and adds `inp[n, c] · weight[o, c]` for c = 0, 1, … in that
/// order (DenseKernels' fixed order), so the bits do not depend on the CPU.
func linearForward(out: FloatPointer, inp: FloatPointer, weight: FloatPointer, bias: FloatPointer?,
                   rows N: Int, inputs C: Int, outputs OC: Int) {
    if let bias {
        for row in 0..<N { (out + row * OC).update(from: bias, count: OC) }
    }
    dk_sgemm(.noTranspose, .transpose, N, OC, C, inp, C, weight, C, bias != nil, out, OC)
}

/// Backward of `linearForward`: accumulates (`+=`) into `dinp`, `dweight`, `dbias`.
///
/// `dinp` may be nil when the input is data (the embedding's features).
/// The weight and bias gradients add the rows n = 0, 1, …, N − 1 in order
/// onto what the buffers hold, so a micro-batch's gradient is one fixed sum
/// whatever the thread count (`MicroBatchRunner` then adds micro-batches in order).
func linearBackward(dinp: FloatPointer?, dweight: FloatPointer, dbias: FloatPointer?,
                    dout: FloatPointer, inp: FloatPointer, weight: FloatPointer,
                    rows N: Int, inputs C: Int, outputs OC: Int) {
    if let dinp {
        // dinp[N, C] += dout[N, OC] · weight[OC, C]
        dk_sgemm(.noTranspose, .noTranspose, N, C, OC, dout, OC, weight, C, true, dinp, C)
    }
    // dweight[OC, C] += doutᵀ[OC, N] · inp[N, C]
    dk_sgemm(.transpose, .noTranspose, OC, C, N, dout, OC, inp, C, true, dweight, C)
    if let dbias {
        for row in 0..<N {
            let d = dout + row * OC
            for o in 0..<OC { dbias[o] += d[o] }
        }
    }
}
