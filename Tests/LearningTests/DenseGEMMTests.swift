import CBLAS
import DenseKernels
import Dispatch
import SeededRandom
import Testing

/// DenseKernels' `dk_sgemm`: the products of every linear layer, with one
/// fixed summation order on every CPU (issue 14). Checked against products
/// worked out by hand, a Float64 reference within the error bound of that
/// order, the order itself written out in Swift (bit for bit, on every code
/// path this machine has), and OpenBLAS as an independent implementation.
@Suite struct DenseGEMMTests {
    /// One product `C[m, n] = (accumulate ? C : 0) + op(A) · op(B)` with its operands.
    struct Product: CustomStringConvertible {
        let m: Int, n: Int, k: Int
        let transA: Bool, transB: Bool, accumulate: Bool
        let a: [Float], b: [Float], c: [Float]
        /// Leading dimensions, one wider than needed so strides are exercised.
        var lda: Int { (transA ? m : k) + 1 }
        var ldb: Int { (transB ? k : n) + 1 }
        var ldc: Int { n + 2 }

        init(m: Int, n: Int, k: Int, transA: Bool, transB: Bool, accumulate: Bool, seed: UInt64,
             value: (inout SeededGenerator) -> Float = { Float(2 * $0.nextUnit() - 1) }) {
            (self.m, self.n, self.k, self.transA, self.transB, self.accumulate) = (m, n, k, transA, transB, accumulate)
            var generator = SeededGenerator(seed: seed)
            let aCount = (transA ? k : m) * ((transA ? m : k) + 1), bCount = (transB ? n : k) * ((transB ? k : n) + 1)
            a = (0..<aCount).map { _ in value(&generator) }
            b = (0..<bCount).map { _ in value(&generator) }
            c = (0..<(m * (n + 2))).map { _ in value(&generator) }
        }

        func opA(_ i: Int, _ p: Int) -> Float { transA ? a[p * lda + i] : a[i * lda + p] }
        func opB(_ p: Int, _ j: Int) -> Float { transB ? b[j * ldb + p] : b[p * ldb + j] }

        /// `dk_sgemm` on `path` (nil: the default path); returns the whole C buffer.
        func run(on path: dk_path? = nil) -> [Float] {
            var result = c
            let ta: dk_transpose = transA ? .transpose : .noTranspose, tb: dk_transpose = transB ? .transpose : .noTranspose
            if let path {
                dk_sgemm_on_path(path, ta, tb, m, n, k, a, lda, b, ldb, accumulate, &result, ldc)
            } else {
                dk_sgemm(ta, tb, m, n, k, a, lda, b, ldb, accumulate, &result, ldc)
            }
            return result
        }

        /// The documented order written out: c ← c₀, then c ← c + a·b for k = 0, 1, …,
        /// each product rounded before the add (Swift never fuses them).
        func inDocumentedOrder() -> [Float] {
            var result = c
            for i in 0..<m {
                for j in 0..<n {
                    var sum: Float = accumulate ? c[i * ldc + j] : 0
                    for p in 0..<k {
                        let product = opA(i, p) * opB(p, j)
                        sum = sum + product
                    }
                    result[i * ldc + j] = sum
                }
            }
            return result
        }

        var description: String {
            "[\(m)×\(k)]\(transA ? "ᵀ" : "")·[\(k)×\(n)]\(transB ? "ᵀ" : "")\(accumulate ? " +C" : "")"
        }
    }

    /// Edge sizes (1, odd, around the 4/8/16-wide vectors and the 6- and
    /// 8-row tiles, past the 256-deep panels) and the linear layers' shapes
    /// (256 rows = 64 samples × 4 tokens; 5…192 columns).
    static let shapes: [(m: Int, n: Int, k: Int)] = [
        (1, 1, 1), (1, 7, 3), (5, 1, 9), (3, 5, 7), (7, 17, 2), (6, 16, 8), (8, 32, 16), (9, 33, 17),
        (13, 31, 65), (17, 48, 1), (2, 65, 300), (47, 15, 513), (33, 97, 31),
        (256, 64, 5), (256, 192, 64), (256, 64, 128), (256, 2, 64), (64, 1, 64),
        (256, 64, 192), (192, 64, 256), (64, 5, 256),
    ]

    static var products: [Product] {
        var seed: UInt64 = 1
        var all: [Product] = []
        for shape in shapes {
            for transA in [false, true] { for transB in [false, true] { for accumulate in [false, true] {
                all.append(Product(m: shape.m, n: shape.n, k: shape.k, transA: transA, transB: transB,
                                   accumulate: accumulate, seed: seed))
                seed += 1
            } } }
        }
        return all
    }

    static var availablePaths: [dk_path] {
        [dk_path.scalar, .vector128, .avx2, .avx512].filter { dk_path_available($0) }
    }

    @Test func handComputedProducts() {
        // A (2×3) · B (3×2): [[1,2,3],[4,5,6]] · [[7,8],[9,10],[11,12]] = [[58,64],[139,154]].
        var c = [Float](repeating: 0, count: 4)
        dk_sgemm(.noTranspose, .noTranspose, 2, 2, 3, [1, 2, 3, 4, 5, 6], 3, [7, 8, 9, 10, 11, 12], 2, false, &c, 2)
        #expect(c == [58, 64, 139, 154])
        // C += Aᵀ · B with A (3×2) = [[1,4],[2,5],[3,6]] stored row-major, so Aᵀ is the A above.
        var d: [Float] = [1, 1, 1, 1]
        dk_sgemm(.transpose, .noTranspose, 2, 2, 3, [1, 4, 2, 5, 3, 6], 2, [7, 8, 9, 10, 11, 12], 2, true, &d, 2)
        #expect(d == [59, 65, 140, 155])
        // x (1×3) · Wᵀ with W (2×3) = [[1,0,-1],[2,1,0]], as in a linear layer: [1,2,3] → [−2, 4].
        var y: [Float] = [0, 0]
        dk_sgemm(.noTranspose, .transpose, 1, 2, 3, [1, 2, 3], 3, [1, 0, -1, 2, 1, 0], 3, false, &y, 2)
        #expect(y == [-2, 4])
    }

    @Test func sumsOverKInIncreasingOrder() {
        // Column 0 sums 1e8, 1, −1e8 and column 1 sums 1e8, −1e8, 1 (float spacing at 1e8 is 8):
        // in increasing k the first gives (1e8 + 1) − 1e8 = 0 and the second 1, any other order
        // swaps at least one of them. 40 columns, so every path puts them in full vectors and tails.
        let n = 40
        var b = [Float](repeating: 0, count: 3 * n)
        for j in 0..<n {
            let column: [Float] = j % 2 == 0 ? [1e8, 1, -1e8] : [1e8, -1e8, 1]
            for p in 0..<3 { b[p * n + j] = column[p] }
        }
        for path in Self.availablePaths {
            var c = [Float](repeating: 7, count: n)
            dk_sgemm_on_path(path, .noTranspose, .noTranspose, 1, n, 3, [1, 1, 1], 3, b, n, false, &c, n)
            #expect((0..<n).allSatisfy { c[$0] == ($0 % 2 == 0 ? 0 : 1) }, "\(String(cString: dk_path_name(path))): \(c)")
        }
    }

    @Test func roundsEachProductBeforeAddingIt() {
        // (1 + 2⁻¹²)² = 1 + 2⁻¹¹ + 2⁻²⁴ rounds (to even) to 1 + 2⁻¹¹; added to −(1 + 2⁻¹¹) that
        // gives 0, where a fused multiply-add would give 2⁻²⁴.
        let x: Float = 1 + 0x1p-12, start: Float = -(1 + 0x1p-11)
        for path in Self.availablePaths {
            var c = [Float](repeating: start, count: 37)
            dk_sgemm_on_path(path, .noTranspose, .noTranspose, 1, 37, 1, [x], 1, [Float](repeating: x, count: 37), 37, true, &c, 37)
            #expect(c.allSatisfy { $0 == 0 && $0.sign == .plus }, "\(String(cString: dk_path_name(path))): \(c)")
        }
    }

    /// Sequential summation of the k + 1 terms (c₀ and k rounded products) is
    /// exact up to |ĉ − c| ≤ γ_{k+1} (|c₀| + Σ_p |a_ip·b_pj|), γ_n = n·u / (1 − n·u),
    /// u = 2⁻²⁴ (Higham, *Accuracy and Stability of Numerical Algorithms*, §3.1).
    @Test func matchesAFloat64ReferenceWithinTheBoundOfItsOrder() {
        let u = 0x1p-24
        for product in Self.products {
            let result = product.run()
            let gamma = Double(product.k + 1) * u / (1 - Double(product.k + 1) * u)
            var worst = 0.0
            for i in 0..<product.m {
                for j in 0..<product.n {
                    let start = product.accumulate ? Double(product.c[i * product.ldc + j]) : 0
                    var exact = start, magnitude = abs(start)
                    for p in 0..<product.k {
                        let term = Double(product.opA(i, p)) * Double(product.opB(p, j))
                        exact += term
                        magnitude += abs(term)
                    }
                    let error = abs(Double(result[i * product.ldc + j]) - exact)
                    worst = max(worst, error / (gamma * magnitude))
                }
            }
            #expect(worst <= 1, "\(product): error \(worst) × the bound")
            // Padding past n in each row of C is left alone.
            for i in 0..<product.m { for j in product.n..<product.ldc {
                #expect(result[i * product.ldc + j] == product.c[i * product.ldc + j], "\(product) wrote past column n")
            } }
        }
    }

    @Test func everyPathGivesTheBitsOfTheDocumentedOrder() {
        let paths = Self.availablePaths
        #expect(paths.contains(dk_default_path()))
        for product in Self.products {
            let expected = product.inDocumentedOrder().map(\.bitPattern)
            for path in paths {
                #expect(product.run(on: path).map(\.bitPattern) == expected, "\(String(cString: dk_path_name(path))) \(product)")
            }
        }
    }

    @Test func everyPathAgreesOnSignedZerosSubnormalsAndInfinities() {
        let specials: [Float] = [0, -0.0, .leastNonzeroMagnitude, -.leastNormalMagnitude / 3, 1e30, -1e30, Float(bitPattern: 0x0020_0000), 1, -1, .infinity]
        for (index, shape) in [(9, 33, 17), (13, 31, 65), (256, 64, 5)].enumerated() {
            let product = Product(m: shape.0, n: shape.1, k: shape.2, transA: index == 1, transB: index != 1, accumulate: true,
                                  seed: 900 + UInt64(index)) { specials[Int($0.next() % UInt64(specials.count))] }
            let expected = product.inDocumentedOrder().map(\.bitPattern)
            for path in Self.availablePaths {
                let result = product.run(on: path)
                // NaN payloads may differ between instructions; NaN-ness and every other bit may not.
                let same = zip(result, expected).allSatisfy { $0.isNaN ? Float(bitPattern: $1).isNaN : $0.bitPattern == $1 }
                #expect(same, "\(String(cString: dk_path_name(path))) \(product)")
            }
        }
    }

    @Test func agreesWithOpenBLAS() {
        // An independent implementation with another order: within the same bound, twice (one per side).
        let u = 0x1p-24
        for product in Self.products where product.k > 0 {
            var reference = product.c
            cblas_sgemm(CblasRowMajor, product.transA ? CblasTrans : CblasNoTrans, product.transB ? CblasTrans : CblasNoTrans,
                        Int32(product.m), Int32(product.n), Int32(product.k), 1, product.a, Int32(product.lda),
                        product.b, Int32(product.ldb), product.accumulate ? 1 : 0, &reference, Int32(product.ldc))
            let result = product.run()
            let gamma = Double(product.k + 1) * u / (1 - Double(product.k + 1) * u)
            for i in 0..<product.m { for j in 0..<product.n {
                var magnitude = product.accumulate ? abs(Double(product.c[i * product.ldc + j])) : 0
                for p in 0..<product.k { magnitude += abs(Double(product.opA(i, p)) * Double(product.opB(p, j))) }
                let index = i * product.ldc + j
                #expect(abs(Double(result[index]) - Double(reference[index])) <= 2 * gamma * magnitude, "\(product) at (\(i), \(j))")
            } }
        }
    }

    @Test func concurrentCallsGiveTheBitsOfOneCall() {
        // The kernels keep their scratch on the stack: threads running at once cannot disturb each other.
        let product = Product(m: 256, n: 192, k: 64, transA: false, transB: true, accumulate: true, seed: 77)
        let expected = product.run()
        let threads = 4
        nonisolated(unsafe) var results = [[Float]](repeating: [], count: threads)
        results.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                var last: [Float] = []
                for _ in 0..<20 { last = product.run() }
                slots[thread] = last
            }
        }
        #expect(results.allSatisfy { $0 == expected })
    }

    @Test func emptyProductsLeaveOrClearC() {
        var c: [Float] = [3, 4, 5, 6]
        dk_sgemm(.noTranspose, .noTranspose, 2, 2, 0, [], 1, [], 2, true, &c, 2)
        #expect(c == [3, 4, 5, 6])
        dk_sgemm(.noTranspose, .noTranspose, 2, 2, 0, [], 1, [], 2, false, &c, 2)
        #expect(c == [0, 0, 0, 0])
        var d: [Float] = [1]
        dk_sgemm(.noTranspose, .noTranspose, 0, 1, 3, [], 3, [1, 2, 3], 1, false, &d, 1)
        #expect(d == [1])
    }
}
