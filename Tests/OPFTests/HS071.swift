import OPF

/// Hock & Schittkowski problem 71, the example of Ipopt's documentation:
///
///     min x1 x4 (x1 + x2 + x3) + x3
///     s.t. x1 x2 x3 x4 ≥ 25,  x1² + x2² + x3² + x4² = 40,  1 ≤ x ≤ 5.
///
/// Published optimum 17.0140173 at x ≈ (1, 4.743, 3.8211, 1.3794).
struct HS071: NonlinearProgram {
    let variableCount = 4
    let constraintCount = 2
    let variableLowerBounds = [1.0, 1, 1, 1]
    var variableUpperBounds = [5.0, 5, 5, 5]
    let constraintLowerBounds = [25.0, 40]
    let constraintUpperBounds = [Double.infinity, 40]
    let jacobianPattern = SparsityPattern(rows: [0, 0, 0, 0, 1, 1, 1, 1], columns: [0, 1, 2, 3, 0, 1, 2, 3])
    /// Lower triangle, row-major.
    let hessianPattern = SparsityPattern(rows: [0, 1, 1, 2, 2, 2, 3, 3, 3, 3], columns: [0, 0, 1, 0, 1, 2, 0, 1, 2, 3])

    func objective(at x: [Double]) -> Double {
        x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2]
    }

    func objectiveGradient(at x: [Double], into gradient: inout [Double]) {
        gradient[0] = x[3] * (2 * x[0] + x[1] + x[2])
        gradient[1] = x[0] * x[3]
        gradient[2] = x[0] * x[3] + 1
        gradient[3] = x[0] * (x[0] + x[1] + x[2])
    }

    func constraints(at x: [Double], into values: inout [Double]) {
        values[0] = x[0] * x[1] * x[2] * x[3]
        values[1] = x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3]
    }

    func jacobianValues(at x: [Double], into values: inout [Double]) {
        values[0] = x[1] * x[2] * x[3]
        values[1] = x[0] * x[2] * x[3]
        values[2] = x[0] * x[1] * x[3]
        values[3] = x[0] * x[1] * x[2]
        for j in 0..<4 { values[4 + j] = 2 * x[j] }
    }

    func hessianValues(at x: [Double], objectiveFactor s: Double, multipliers l: [Double], into v: inout [Double]) {
        v[0] = s * 2 * x[3] + 2 * l[1]
        v[1] = s * x[3] + l[0] * x[2] * x[3]
        v[2] = 2 * l[1]
        v[3] = s * x[3] + l[0] * x[1] * x[3]
        v[4] = l[0] * x[0] * x[3]
        v[5] = 2 * l[1]
        v[6] = s * (2 * x[0] + x[1] + x[2]) + l[0] * x[1] * x[2]
        v[7] = s * x[0] + l[0] * x[0] * x[2]
        v[8] = s * x[0] + l[0] * x[0] * x[1]
        v[9] = 2 * l[1]
    }
}
