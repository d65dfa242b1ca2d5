/// Pearson correlation matrix of several variables observed together (the
/// paper's Table III: the MG-token inputs and the target).
enum PearsonCorrelation {
    /// `r[i][j] = Σ (x_i − x̄_i)(x_j − x̄_j) / √(Σ (x_i − x̄_i)² Σ (x_j − x̄_j)²)`,
    /// with the means taken first (two passes), which keeps the sums free of
    /// the cancellation the one-pass formula suffers on large offsets such as
    /// power factors near 0.95. A variable with no spread correlates with
    /// nothing: its row and column are NaN, except 1 on the diagonal.
    /// - Parameter variables: one array per variable, all of one length ≥ 2.
    static func matrix(_ variables: [[Double]]) -> [[Double]] {
        let count = variables.first?.count ?? 0
        precondition(variables.allSatisfy { $0.count == count }, "variables of unequal length")
        let centred = variables.map { values -> [Double] in
            let mean = values.reduce(0, +) / Double(max(count, 1))
            return values.map { $0 - mean }
        }
        let spread = centred.map { values in values.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        return variables.indices.map { i in
            variables.indices.map { j in
                if i == j { return 1 }
                guard spread[i] > 0, spread[j] > 0 else { return .nan }
                var sum = 0.0
                for k in 0..<count { sum += centred[i][k] * centred[j][k] }
                return sum / (spread[i] * spread[j])
            }
        }
    }
}
