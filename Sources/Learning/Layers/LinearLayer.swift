import CBLAS

/// Fully connected layer, forward: `out[N, OC] = inp[N, C] · weightᵀ + bias`.
///
/// `weight` is stored `[OC, C]` (PyTorch's `nn.Linear` layout) so checkpoints
/// map one-to-one onto the reference implementation. One `cblas_sgemm` covers
/// all N rows (every token of every sample in the batch).
func linearForward(out: FloatPointer, inp: FloatPointer, weight: FloatPointer, bias: FloatPointer?,
                   rows N: Int, inputs C: Int, outputs OC: Int) {
    if let bias {
        for row in 0..<N { (out + row * OC).update(from: bias, count: OC) }
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(N), Int32(OC), Int32(C),
                1, inp, Int32(C), weight, Int32(C), bias == nil ? 0 : 1, out, Int32(OC))
}

/// Backward of `linearForward`: accumulates (`+=`) into `dinp`, `dweight`, `dbias`.
///
/// `dinp` may be nil when the input is data (the embedding's features).
func linearBackward(dinp: FloatPointer?, dweight: FloatPointer, dbias: FloatPointer?,
                    dout: FloatPointer, inp: FloatPointer, weight: FloatPointer,
                    rows N: Int, inputs C: Int, outputs OC: Int) {
    if let dinp {
        // dinp[N, C] += dout[N, OC] · weight[OC, C]
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(N), Int32(C), Int32(OC),
                    1, dout, Int32(OC), weight, Int32(C), 1, dinp, Int32(C))
    }
    // dweight[OC, C] += doutᵀ[OC, N] · inp[N, C]
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(OC), Int32(C), Int32(N),
                1, dout, Int32(OC), inp, Int32(C), 1, dweight, Int32(C))
    if let dbias {
        for row in 0..<N {
            let d = dout + row * OC
            for o in 0..<OC { dbias[o] += d[o] }
        }
    }
}
