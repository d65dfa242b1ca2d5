import CBLAS
import SeededRandom
import SparseLDL

/// A symmetric test matrix given as (row, column, value) triplets — possibly in
/// either triangle and with duplicates — together with its dense form, the
/// independent truth every test compares against.
struct TestMatrix {
    var n: Int
    var rows: [Int32] = []
    var columns: [Int32] = []
    var values: [Double] = []
    /// Row-major n×n, the sum of the triplets mirrored.
    var dense: [Double]

    init(n: Int) {
        self.n = n
        dense = [Double](repeating: 0, count: n * n)
    }

    mutating func add(_ i: Int, _ j: Int, _ value: Double) {
        rows.append(Int32(i))
        columns.append(Int32(j))
        values.append(value)
        dense[i * n + j] += value
        if i != j { dense[j * n + i] += value }
    }

    /// Eigenvalues by LAPACK's `dsyev`, ascending.
    var eigenvalues: [Double] {
        var a = dense
        var w = [Double](repeating: 0, count: n)
        let info = LAPACKE_dsyev(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "L")), Int32(n), &a,
                                 Int32(n), &w)
        precondition(info == 0, "dsyev failed: \(info)")
        return w
    }

    /// (negative, zero, positive) eigenvalue counts, an eigenvalue within `relativeZero`·max|λ| counting as zero.
    func inertia(relativeZero: Double = 1e-10) -> (negative: Int, zero: Int, positive: Int) {
        let w = eigenvalues
        let scale = w.map(abs).max() ?? 0
        let zero = w.filter { abs($0) <= relativeZero * scale }.count
        let negative = w.filter { $0 < 0 && abs($0) > relativeZero * scale }.count
        return (negative, zero, n - negative - zero)
    }

    /// Smallest over largest |eigenvalue|: the well-conditioned cases keep this away from zero.
    var eigenvalueRatio: Double {
        let magnitudes = eigenvalues.map(abs)
        return magnitudes.min()! / magnitudes.max()!
    }

    func product(_ x: [Double]) -> [Double] {
        (0..<n).map { i in (0..<n).reduce(0) { $0 + dense[i * n + $1] * x[$1] } }
    }

    /// ‖Ax − b‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞): backward-error style, ~1e-16 for a stable solve.
    func relativeResidual(x: [Double], b: [Double]) -> Double {
        let ax = product(x)
        let residual = zip(ax, b).map { abs($0 - $1) }.max()!
        let norm = (0..<n).map { i in (0..<n).reduce(0) { $0 + abs(dense[i * n + $1]) } }.max()!
        return residual / (norm * x.map(abs).max()! + b.map(abs).max()!)
    }

    /// A random sparse symmetric indefinite matrix: each off-diagonal entry present with
    /// probability `density`, diagonal entries of both signs, some entries split into two duplicates.
    static func randomIndefinite(n: Int, density: Double, using generator: inout SeededGenerator) -> TestMatrix {
        var matrix = TestMatrix(n: n)
        for i in 0..<n {
            for j in 0...i where i == j || generator.nextUnit() < density {
                let value = 2 * generator.nextUnit() - 1
                matrix.addPossiblySplit(i, j, value, using: &generator)
            }
        }
        return matrix
    }

    /// A KKT matrix [[H, Jᵀ], [J, 0]]: H (h×h) sparse with a diagonal of the given scale,
    /// J (c×h) sparse with at least one entry per row; the (2,2) block has no entries at all.
    static func kkt(h: Int, c: Int, density: Double, hessianDiagonal: Double,
                    using generator: inout SeededGenerator) -> TestMatrix {
        var matrix = TestMatrix(n: h + c)
        for i in 0..<h {
            matrix.add(i, i, hessianDiagonal * (0.5 + generator.nextUnit()))
            for j in 0..<i where generator.nextUnit() < density {
                matrix.addPossiblySplit(i, j, 2 * generator.nextUnit() - 1, using: &generator)
            }
        }
        for r in 0..<c {
            let forced = Int(generator.next() % UInt64(h))
            for j in 0..<h where j == forced || generator.nextUnit() < density {
                // Jacobian entries in the upper triangle, as a transposed block, half of the time.
                let value = 2 * generator.nextUnit() - 1
                if generator.nextUnit() < 0.5 { matrix.add(h + r, j, value) } else { matrix.add(j, h + r, value) }
            }
        }
        return matrix
    }

    private mutating func addPossiblySplit(_ i: Int, _ j: Int, _ value: Double, using generator: inout SeededGenerator) {
        if generator.nextUnit() < 0.2 {
            add(i, j, 0.25 * value)
            add(j, i, 0.75 * value)
        } else {
            add(i, j, value)
        }
    }
}

/// SparseLDL's owning API on a test matrix: analyse, factorise, solve, inertia.
struct Factorisation: ~Copyable {
    let handle: OpaquePointer
    let n: Int
    var analysis = sldl_info()
    var numeric = sldl_info()

    init(_ matrix: TestMatrix) {
        var info = sldl_info()
        handle = sldl_analyse(Int32(matrix.n), Int32(matrix.values.count), matrix.rows, matrix.columns, &info)!
        analysis = info
        n = matrix.n
    }

    mutating func factorise(_ matrix: TestMatrix, u: Double = 0.1, zeroPivotTolerance: Double = 0) -> sldl_status {
        var info = sldl_info()
        let status = sldl_factorise(handle, matrix.values, u, zeroPivotTolerance, &info)
        numeric = info
        return status
    }

    func solve(_ b: [Double]) -> [Double] {
        var x = b
        sldl_solve(handle, &x)
        return x
    }

    var inertia: (negative: Int, zero: Int, positive: Int) {
        var negative: Int32 = 0, zero: Int32 = 0, positive: Int32 = 0
        sldl_inertia(handle, &negative, &zero, &positive)
        return (Int(negative), Int(zero), Int(positive))
    }

    deinit { sldl_free(handle) }
}
