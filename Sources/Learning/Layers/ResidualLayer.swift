/// Residual connection, forward in place: `stream += branch` over `count` values.
///
/// The pre-LN encoder adds each sub-layer's output onto the residual stream.
func residualForward(stream: FloatPointer, branch: FloatPointer, count: Int) {
    for i in 0..<count { stream[i] += branch[i] }
}

/// Backward of a residual add `out = a + b`: the gradient flows unchanged to
/// both inputs, `da += dout`, `db += dout`.
func residualBackward(da: FloatPointer, db: FloatPointer, dout: FloatPointer, count: Int) {
    for i in 0..<count {
        da[i] += dout[i]
        db[i] += dout[i]
    }
}
