import CBLAS
import SeededRandom
import Testing
@testable import Learning

/// `CholeskyFactor`, the linear baselines' solver: hand-worked systems, the
/// residual of random well-conditioned ones, agreement with LAPACK, and the
/// module's error for matrices that are not positive definite.
@Suite struct CholeskyTests {
    /// `GᵀG + d·I` for a random G: symmetric, positive definite, condition number ≲ 10.
    static func positiveDefinite(_ d: Int, seed: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        let g = (0..<(d * d)).map { _ in 2 * generator.nextUnit() - 1 }
        var a = [Double](repeating: 0, count: d * d)
        for i in 0..<d { for j in 0..<d {
            for k in 0..<d { a[i * d + j] += g[k * d + i] * g[k * d + j] }
            if i == j { a[i * d + j] += Double(d) }
        } }
        return a
    }

    @Test func solvesAHandWorkedSystem() throws {
        // [[4,2],[2,3]] = UᵀU with U = [[2,1],[0,√2]]; x = [0.5, 0] solves it for b = [2, 1].
        let factor = try CholeskyFactor(factoring: [4, 2, 2, 3], dimension: 2, what: "test")
        #expect(factor.upper == [2, 1, 0, 2.0.squareRoot()])
        #expect(factor.solve([2, 1], columns: 1) == [0.5, 0])
    }

    @Test func randomSystemsHaveASmallResidual() throws {
        let u = 0x1p-53
        for (index, d) in [1, 2, 3, 7, 21, 64, 100].enumerated() {
            let a = Self.positiveDefinite(d, seed: 10 + UInt64(index))
            let columns = index % 3 + 1
            var generator = SeededGenerator(seed: 50 + UInt64(index))
            let b = (0..<(d * columns)).map { _ in 2 * generator.nextUnit() - 1 }
            let x = try CholeskyFactor(factoring: a, dimension: d, what: "test").solve(b, columns: columns)
            // Backward stability: ‖A x̂ − b‖∞ ≤ c·d·u·(‖A‖∞‖x̂‖∞ + ‖b‖∞), here with c = 4.
            let normA = (0..<d).map { i in (0..<d).map { abs(a[i * d + $0]) }.reduce(0, +) }.max()!
            for column in 0..<columns {
                let xc = (0..<d).map { x[$0 * columns + column] }, bc = (0..<d).map { b[$0 * columns + column] }
                let residual = (0..<d).map { i in abs((0..<d).map { a[i * d + $0] * xc[$0] }.reduce(0, +) - bc[i]) }.max()!
                let bound = 4 * Double(d) * u * (normA * xc.map(abs).max()! + bc.map(abs).max()!)
                #expect(residual <= bound, "d = \(d), column \(column): residual \(residual), bound \(bound)")
            }
        }
    }

    @Test func readsOnlyTheUpperTriangle() throws {
        let d = 9
        let a = Self.positiveDefinite(d, seed: 3)
        var scribbled = a
        for i in 0..<d { for j in 0..<i { scribbled[i * d + j] = .nan } }
        let b = (0..<d).map { Double($0) - 4 }
        #expect(try CholeskyFactor(factoring: scribbled, dimension: d, what: "test").solve(b, columns: 1)
                == CholeskyFactor(factoring: a, dimension: d, what: "test").solve(b, columns: 1))
    }

    @Test func agreesWithLAPACK() throws {
        for (index, d) in [5, 21, 100].enumerated() {
            let a = Self.positiveDefinite(d, seed: 30 + UInt64(index))
            let b = (0..<(d * 2)).map { Double($0 % 7) - 3 }
            let x = try CholeskyFactor(factoring: a, dimension: d, what: "test").solve(b, columns: 2)
            var lapackA = a, lapackB = b
            #expect(LAPACKE_dposv(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), Int32(d), 2, &lapackA, Int32(d), &lapackB, 2) == 0)
            let scale = lapackB.map(abs).max()!
            #expect(zip(x, lapackB).allSatisfy { abs($0 - $1) <= 1e-12 * scale }, "d = \(d)")
        }
    }

    @Test func rejectsMatricesThatAreNotPositiveDefinite() {
        // Indefinite (eigenvalues 3 and −1), singular (0 and 2), a negative diagonal, and NaN.
        for (matrix, pivot) in [([1.0, 2, 2, 1], 2), ([1.0, 1, 1, 1], 2), ([-1.0, 0, 0, 1], 1), ([Double.nan, 0, 0, 1], 1)] {
            #expect {
                _ = try CholeskyFactor(factoring: matrix, dimension: 2, what: "the test matrix")
            } throws: { error in
                guard case let .invalidData(message) = error as? LearningError else { return false }
                return message.hasPrefix("the test matrix: the matrix is not positive definite (pivot \(pivot) of 2")
            }
        }
    }
}
