import SeededRandom
import SparseLDL
import Testing

/// SparseLDL against dense truth: residuals of the solve, and the inertia from
/// D against the signs of LAPACK's eigenvalues.
@Suite struct FactorisationTests {
    @Test func randomIndefiniteMatricesSolveAndMatchLAPACKsInertia() {
        var generator = SeededGenerator(seed: 11)
        var checked = 0
        while checked < 40 {
            let n = 5 + Int(generator.next() % 70)
            let matrix = TestMatrix.randomIndefinite(n: n, density: 0.03 + 0.2 * generator.nextUnit(), using: &generator)
            // Only clearly nonsingular cases: a near-zero eigenvalue would make its sign a coin toss.
            guard matrix.eigenvalueRatio > 1e-6 else { continue }
            checked += 1
            var factorisation = Factorisation(matrix)
            #expect(factorisation.factorise(matrix) == SLDL_OK)
            let b = (0..<n).map { _ in 2 * generator.nextUnit() - 1 }
            #expect(matrix.relativeResidual(x: factorisation.solve(b), b: b) < 1e-13)
            let truth = matrix.inertia()
            #expect(factorisation.inertia == truth)
            #expect(factorisation.numeric.rank == Int32(n))
        }
    }

    /// Zero (2,2) block and, in half the cases, a Hessian diagonal of 1e-9: pivots there fail the
    /// threshold test, so 2×2 pivots and delays to the parent front are exercised, not just possible.
    @Test func kktMatricesWithZeroDiagonalBlock() {
        var generator = SeededGenerator(seed: 12)
        var checked = 0, twoByTwo = 0, delayed = 0
        while checked < 40 {
            let h = 4 + Int(generator.next() % 50)
            let c = 1 + Int(generator.next() % UInt64(max(1, h * 2 / 3)))
            let diagonal = checked % 2 == 0 ? 1.0 : 1e-9
            let matrix = TestMatrix.kkt(h: h, c: c, density: 0.05 + 0.15 * generator.nextUnit(),
                                        hessianDiagonal: diagonal, using: &generator)
            guard matrix.eigenvalueRatio > 1e-12 else { continue }
            checked += 1
            var factorisation = Factorisation(matrix)
            #expect(factorisation.factorise(matrix) == SLDL_OK)
            let b = (0..<matrix.n).map { _ in 2 * generator.nextUnit() - 1 }
            #expect(matrix.relativeResidual(x: factorisation.solve(b), b: b) < 1e-12)
            #expect(factorisation.inertia == matrix.inertia(relativeZero: 1e-14))
            twoByTwo += Int(factorisation.numeric.two_by_two_pivots)
            delayed += Int(factorisation.numeric.delayed_pivots)
        }
        #expect(twoByTwo > 0)
        #expect(delayed > 0)
    }

    /// [[ε, 1], [1, ε]]: no 1×1 pivot passes the threshold, the 2×2 block must be used whole.
    @Test func tinyDiagonalNeedsATwoByTwoPivot() {
        var matrix = TestMatrix(n: 3)
        matrix.add(0, 0, 1e-12)
        matrix.add(1, 0, 1)
        matrix.add(1, 1, 1e-12)
        matrix.add(2, 2, -3)
        var factorisation = Factorisation(matrix)
        #expect(factorisation.factorise(matrix) == SLDL_OK)
        #expect(factorisation.numeric.two_by_two_pivots == 1)
        #expect(factorisation.inertia == (negative: 2, zero: 0, positive: 1))
        let x = factorisation.solve([1, 2, 3])
        // Exact solution: x0 ≈ 2, x1 ≈ 1 (up to ε), x2 = −1.
        #expect(abs(x[0] - 2) < 1e-10)
        #expect(abs(x[1] - 1) < 1e-10)
        #expect(abs(x[2] + 1) < 1e-15)
    }

    /// The same matrix written once compactly and once as duplicates spread over both triangles.
    @Test func duplicateEntriesAreSummed() {
        var compact = TestMatrix(n: 4), split = TestMatrix(n: 4)
        let entries: [(Int, Int, Double)] = [(0, 0, 4), (1, 0, -2), (1, 1, 0), (2, 1, 3), (2, 2, -1), (3, 0, 1), (3, 3, 2)]
        for (i, j, v) in entries {
            compact.add(i, j, v)
            split.add(j, i, 0.5 * v)
            split.add(i, j, 0.25 * v)
            split.add(i, j, 0.25 * v)
        }
        #expect(compact.dense == split.dense)
        var a = Factorisation(compact), b = Factorisation(split)
        #expect(a.factorise(compact) == SLDL_OK)
        #expect(b.factorise(split) == SLDL_OK)
        let rhs = [1.0, -1, 2, 0.5]
        let xa = a.solve(rhs), xb = b.solve(rhs)
        #expect(compact.relativeResidual(x: xa, b: rhs) < 1e-15)
        for (u, v) in zip(xa, xb) { #expect(abs(u - v) < 1e-14) }
        #expect(a.inertia == compact.inertia())
    }

    /// A variable without entries, and a KKT system whose second constraint repeats the first:
    /// both rank n − 1, reported as such, and a consistent right-hand side is still solved.
    @Test func singularMatricesReportTheirRank() {
        var generator = SeededGenerator(seed: 13)
        var isolated = TestMatrix.randomIndefinite(n: 12, density: 0.3, using: &generator)
        isolated.n = 13
        isolated.dense = (0..<13 * 13).map { k in
            let (i, j) = (k / 13, k % 13)
            return i < 12 && j < 12 ? isolated.dense[i * 12 + j] : 0
        }
        var kkt = TestMatrix(n: 6)
        for i in 0..<4 { kkt.add(i, i, 1) }
        for (row, j, v) in [(4, 0, 1.0), (4, 2, 2), (5, 0, 1), (5, 2, 2), (4, 3, -1), (5, 3, -1)] { kkt.add(row, j, v) }
        for matrix in [isolated, kkt] {
            var factorisation = Factorisation(matrix)
            #expect(factorisation.factorise(matrix, zeroPivotTolerance: 1e-12) == SLDL_SINGULAR)
            #expect(factorisation.numeric.rank == Int32(matrix.n - 1))
            #expect(factorisation.inertia == matrix.inertia())
            let y = (0..<matrix.n).map { _ in generator.nextUnit() }
            let b = matrix.product(y)
            #expect(matrix.relativeResidual(x: factorisation.solve(b), b: b) < 1e-13)
        }
    }

    /// Factorisations share no state: many at once give exactly the answers of one at a time.
    @Test func concurrentFactorisationsAreIndependent() async {
        var generator = SeededGenerator(seed: 14)
        let matrices = (0..<16).map { _ in
            TestMatrix.kkt(h: 30, c: 12, density: 0.15, hessianDiagonal: 1, using: &generator)
        }
        let rhs = (0..<42).map { Double($0 % 7) - 3 }
        let serial = matrices.map { Self.solveFresh($0, rhs) }
        let parallel = await withTaskGroup(of: (Int, [Double]).self) { group in
            for (index, matrix) in matrices.enumerated() { group.addTask { (index, Self.solveFresh(matrix, rhs)) } }
            var results = [[Double]](repeating: [], count: matrices.count)
            for await (index, x) in group { results[index] = x }
            return results
        }
        #expect(parallel == serial)
    }

    private static func solveFresh(_ matrix: TestMatrix, _ rhs: [Double]) -> [Double] {
        var factorisation = Factorisation(matrix)
        _ = factorisation.factorise(matrix)
        return factorisation.solve(rhs)
    }
}
