import SeededRandom
import SparseLDL
import Testing

/// The static-pivot quasi-definite LDLᵀ (`sldl_qd_*`) against dense truth: the solve's residual,
/// D's signs (no pivot regularised on a quasi-definite matrix), refactorisation of new values on the
/// analysed pattern, and the dynamic regularisation of a pivot with the wrong sign.
@Suite struct QuasiDefiniteTests {
    /// [[H, Aᵀ], [A, −G]]: H = BᵀB + I (h×h, sparse B), G = 0.01 I, A (c×h) sparse with an entry per row: well
    /// enough conditioned that a backward-stable solve's residual is at rounding level.
    static func quasiDefinite(h: Int, c: Int, density: Double, using generator: inout SeededGenerator) -> (TestMatrix, [Int8]) {
        var matrix = TestMatrix(n: h + c)
        var b = [[Double]](repeating: [Double](repeating: 0, count: h), count: h)
        for i in 0..<h { for j in 0..<h where i == j || generator.nextUnit() < density { b[i][j] = 2 * generator.nextUnit() - 1 } }
        for i in 0..<h {
            for j in 0...i {
                var value = (0..<h).reduce(0) { $0 + b[$1][i] * b[$1][j] }
                if i == j { value += 1 }
                if i == j || value != 0 { matrix.add(i, j, value) }
            }
        }
        for k in 0..<c {
            matrix.add(h + k, Int(generator.next() % UInt64(h)), 1 + generator.nextUnit())
            for j in 0..<h where generator.nextUnit() < density { matrix.add(h + k, j, 2 * generator.nextUnit() - 1) }
            matrix.add(h + k, h + k, -0.01)
        }
        return (matrix, (0..<(h + c)).map { Int8($0 < h ? 1 : -1) })
    }

    @Test func randomQuasiDefiniteMatricesSolveWithoutRegularisation() {
        var generator = SeededGenerator(seed: 31)
        for trial in 0..<30 {
            let h = 4 + Int(generator.next() % 60), c = 1 + Int(generator.next() % UInt64(max(1, h / 2)))
            let (matrix, signs) = Self.quasiDefinite(h: h, c: c, density: 0.05 + 0.1 * generator.nextUnit(), using: &generator)
            let factors = sldl_qd_analyse(Int32(matrix.n), Int32(matrix.values.count), matrix.rows, matrix.columns, signs)!
            defer { sldl_qd_free(factors) }
            #expect(sldl_qd_factorise(factors, matrix.values, 1e-13, 1e-7) == 0, "trial \(trial)")
            let rhs = (0..<matrix.n).map { _ in 2 * generator.nextUnit() - 1 }
            var x = rhs
            sldl_qd_solve(factors, &x)
            #expect(matrix.relativeResidual(x: x, b: rhs) < 1e-12, "trial \(trial)")
            // The inertia of a quasi-definite matrix is (c negative, h positive): D's signs as analysed.
            #expect(matrix.inertia() == (c, 0, h), "trial \(trial)")
        }
    }

    @Test func newValuesOnTheSamePatternRefactorise() {
        var generator = SeededGenerator(seed: 32)
        let (matrix, signs) = Self.quasiDefinite(h: 30, c: 12, density: 0.1, using: &generator)
        let factors = sldl_qd_analyse(Int32(matrix.n), Int32(matrix.values.count), matrix.rows, matrix.columns, signs)!
        defer { sldl_qd_free(factors) }
        var scaled = TestMatrix(n: matrix.n)
        for k in matrix.values.indices {
            let (i, j) = (Int(matrix.rows[k]), Int(matrix.columns[k]))
            scaled.add(i, j, matrix.values[k] * (i == j ? 3 : 0.5))
        }
        for current in [matrix, scaled] {
            #expect(sldl_qd_factorise(factors, current.values, 1e-13, 1e-7) == 0)
            let rhs = (0..<matrix.n).map { Double($0 % 7) - 3 }
            var x = rhs
            sldl_qd_solve(factors, &x)
            #expect(current.relativeResidual(x: x, b: rhs) < 1e-12)
        }
        // L holds at least every distinct off-diagonal position of the pattern (symbolic fill never drops one).
        let offDiagonal = Set(matrix.rows.indices.compactMap { k -> Int? in
            let (i, j) = (Int(matrix.rows[k]), Int(matrix.columns[k]))
            return i == j ? nil : max(i, j) * matrix.n + min(i, j)
        })
        #expect(Int(sldl_qd_entries(factors)) >= offDiagonal.count)
    }

    @Test func aPivotOfTheWrongSignIsRegularised() {
        // diag(2, −1) declared positive-definite in both: the second pivot is replaced by +delta.
        var matrix = TestMatrix(n: 2)
        matrix.add(0, 0, 2)
        matrix.add(1, 1, -1)
        let factors = sldl_qd_analyse(2, 2, matrix.rows, matrix.columns, [1, 1])!
        defer { sldl_qd_free(factors) }
        #expect(sldl_qd_factorise(factors, matrix.values, 1e-13, 0.25) == 1)
        var x = [2.0, 1.0]
        sldl_qd_solve(factors, &x)
        #expect(x == [1.0, 4.0])
        #expect(sldl_qd_analyse(2, 1, [0], [5], [1, 1]) == nil, "an index out of range is refused")
    }
}
