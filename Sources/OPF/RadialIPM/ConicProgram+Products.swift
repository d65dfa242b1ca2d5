/// The products with the program's matrices that an interior-point iteration needs, into
/// caller-owned outputs: `E x` and `Eᵀ u` over all rows of `s` (orthant rows first), `A x` and `Aᵀ y`.
/// The loops run on the arrays' buffers: the indices come from the program's own compressed rows,
/// checked when the program was built (`ConicProgram.init`), and the caller's vectors have the
/// program's lengths (checked here once per call).
extension ConicProgram {
    /// `out = E x` (length `coneRowCount`; the offset `f` not added).
    func coneProduct(_ x: [Double], into out: inout [Double]) {
        precondition(x.count >= variableCount && out.count >= coneRowCount)
        let orthants = orthantCount
        x.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { out in
                withOrthantBuffers { variable, coefficient in
                    for k in 0..<orthants { out[k] = coefficient[k] * x[variable[k]] }
                }
                coneRows.withBuffers { start, variable, coefficient in
                    for r in 0..<coneRows.rowCount {
                        var sum = 0.0
                        for e in start[r]..<start[r + 1] { sum += coefficient[e] * x[variable[e]] }
                        out[orthants + r] = sum
                    }
                }
            }
        }
    }

    /// `out += sign · Eᵀ u` (length `variableCount`).
    func addConeTranspose(_ u: [Double], sign: Double, into out: inout [Double]) {
        precondition(u.count >= coneRowCount && out.count >= variableCount)
        let orthants = orthantCount
        u.withUnsafeBufferPointer { u in
            out.withUnsafeMutableBufferPointer { out in
                withOrthantBuffers { variable, coefficient in
                    for k in 0..<orthants { out[variable[k]] += sign * coefficient[k] * u[k] }
                }
                coneRows.withBuffers { start, variable, coefficient in
                    for r in 0..<coneRows.rowCount {
                        let value = sign * u[orthants + r]
                        if value == 0 { continue }
                        for e in start[r]..<start[r + 1] { out[variable[e]] += coefficient[e] * value }
                    }
                }
            }
        }
    }

    /// `body(variable, coefficient)` on the orthant rows' buffers.
    private func withOrthantBuffers(_ body: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Double>) -> Void) {
        orthantVariable.withUnsafeBufferPointer { variable in
            orthantCoefficient.withUnsafeBufferPointer { coefficient in body(variable, coefficient) }
        }
    }

    /// `out = A x` (length `equalityCount`).
    func equalityProduct(_ x: [Double], into out: inout [Double]) {
        precondition(x.count >= variableCount && out.count >= equalityCount)
        x.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { out in
                equalities.withBuffers { start, variable, coefficient in
                    for r in 0..<equalities.rowCount {
                        var sum = 0.0
                        for e in start[r]..<start[r + 1] { sum += coefficient[e] * x[variable[e]] }
                        out[r] = sum
                    }
                }
            }
        }
    }

    /// `out += sign · Aᵀ y` (length `variableCount`).
    func addEqualityTranspose(_ y: [Double], sign: Double, into out: inout [Double]) {
        precondition(y.count >= equalityCount && out.count >= variableCount)
        y.withUnsafeBufferPointer { y in
            out.withUnsafeMutableBufferPointer { out in
                equalities.withBuffers { start, variable, coefficient in
                    for r in 0..<equalities.rowCount {
                        let value = sign * y[r]
                        for e in start[r]..<start[r + 1] { out[variable[e]] += coefficient[e] * value }
                    }
                }
            }
        }
    }
}
