/// The products with the program's matrices that an interior-point iteration needs, into
/// caller-owned outputs: `E x` and `Eᵀ u` over all rows of `s` (orthant rows first), `A x` and `Aᵀ y`.
extension ConicProgram {
    /// `out = E x` (length `coneRowCount`; the offset `f` not added).
    func coneProduct(_ x: [Double], into out: inout [Double]) {
        for k in 0..<orthantCount { out[k] = orthantCoefficient[k] * x[orthantVariable[k]] }
        let start = coneRows.start, variable = coneRows.variable, coefficient = coneRows.coefficient
        for r in 0..<coneRows.rowCount {
            var sum = 0.0
            for e in start[r]..<start[r + 1] { sum += coefficient[e] * x[variable[e]] }
            out[orthantCount + r] = sum
        }
    }

    /// `out += sign · Eᵀ u` (length `variableCount`).
    func addConeTranspose(_ u: [Double], sign: Double, into out: inout [Double]) {
        for k in 0..<orthantCount { out[orthantVariable[k]] += sign * orthantCoefficient[k] * u[k] }
        let start = coneRows.start, variable = coneRows.variable, coefficient = coneRows.coefficient
        for r in 0..<coneRows.rowCount {
            let value = sign * u[orthantCount + r]
            if value == 0 { continue }
            for e in start[r]..<start[r + 1] { out[variable[e]] += coefficient[e] * value }
        }
    }

    /// `out = A x` (length `equalityCount`).
    func equalityProduct(_ x: [Double], into out: inout [Double]) {
        let start = equalities.start, variable = equalities.variable, coefficient = equalities.coefficient
        for r in 0..<equalities.rowCount {
            var sum = 0.0
            for e in start[r]..<start[r + 1] { sum += coefficient[e] * x[variable[e]] }
            out[r] = sum
        }
    }

    /// `out += sign · Aᵀ y` (length `variableCount`).
    func addEqualityTranspose(_ y: [Double], sign: Double, into out: inout [Double]) {
        let start = equalities.start, variable = equalities.variable, coefficient = equalities.coefficient
        for r in 0..<equalities.rowCount {
            let value = sign * y[r]
            for e in start[r]..<start[r + 1] { out[variable[e]] += coefficient[e] * value }
        }
    }
}
