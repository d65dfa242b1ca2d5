import CBLAS
import FixedOrderBLAS
import Foundation
import SeededRandom
import XCTest

/// The fixed-order BLAS against OpenBLAS's CBLAS (an independent implementation, called
/// through its `cblas_` entry points, which do not go through the Fortran symbols this
/// module defines) and against the documented order of operations bit for bit. That Ipopt's
/// calls bind to it is `OPFTests.IpoptKernelBindingTests`.
final class FixedOrderBLASTests: XCTestCase {
    private var random = SeededGenerator(seed: 14)

    private func vector(_ count: Int) -> [Double] { (0..<count).map { _ in random.uniform(-2, 2) } }

    private func assertClose(_ a: [Double], _ b: [Double], tolerance: Double = 1e-12, _ what: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, what, file: file, line: line)
        let scale = max(1, b.map(abs).max() ?? 0)
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst, tolerance * scale, "\(what): largest difference \(worst)", file: file, line: line)
    }

    func testDotProductFollowsTheDocumentedOrderBitForBit() {
        for count in [0, 1, 3, 4, 7, 64, 301] {
            let x = vector(count), y = vector(count)
            var s = [Double](repeating: 0, count: 4)
            let whole = count / 4 * 4
            for i in 0..<whole { s[i % 4] += x[i] * y[i] }
            var expected = (s[0] + s[1]) + (s[2] + s[3])
            for i in whole..<count { expected += x[i] * y[i] }
            var n = Int32(count), one: Int32 = 1
            XCTAssertEqual(ddot_(&n, x, &one, y, &one).bitPattern, expected.bitPattern, "n = \(count)")
        }
    }

    func testLevelOneAgreesWithOpenBLAS() {
        for count in [1, 5, 33, 250] {
            for (incx, incy) in [(1, 1), (2, 3), (-1, 2), (3, -2)] {
                let x = vector(count * abs(incx)), y = vector(count * abs(incy))
                var n = Int32(count), ix = Int32(incx), iy = Int32(incy)
                let what = "n \(count), inc \(incx), \(incy)"
                XCTAssertEqual(ddot_(&n, x, &ix, y, &iy), cblas_ddot(n, x, ix, y, iy), accuracy: 1e-12 * Double(count), what)
                if incx > 0 {
                    XCTAssertEqual(dasum_(&n, x, &ix), cblas_dasum(n, x, ix), accuracy: 1e-12 * Double(count), what)
                    XCTAssertEqual(dnrm2_(&n, x, &ix), cblas_dnrm2(n, x, ix), accuracy: 1e-13 * Double(count), what)
                    XCTAssertEqual(idamax_(&n, x, &ix), Int32(cblas_idamax(n, x, ix)) + 1, what)
                }
                var alpha = 0.75
                var ours = y, theirs = y
                daxpy_(&n, &alpha, x, &ix, &ours, &iy)
                cblas_daxpy(n, alpha, x, ix, &theirs, iy)
                assertClose(ours, theirs, "daxpy \(what)")
                ours = y; theirs = y
                dcopy_(&n, x, &ix, &ours, &iy)
                cblas_dcopy(n, x, ix, &theirs, iy)
                XCTAssertEqual(ours, theirs, "dcopy \(what)")
                var xs = x, ys = y, xt = x, yt = y
                dswap_(&n, &xs, &ix, &ys, &iy)
                cblas_dswap(n, &xt, ix, &yt, iy)
                XCTAssertEqual(xs, xt, "dswap x \(what)")
                XCTAssertEqual(ys, yt, "dswap y \(what)")
                if incx > 0 {
                    var scaled = x
                    dscal_(&n, &alpha, &scaled, &ix)
                    var expected = x
                    cblas_dscal(n, alpha, &expected, ix)
                    XCTAssertEqual(scaled, expected, "dscal \(what)")
                }
            }
        }
    }

    /// Ipopt fills vectors with `dcopy` from a single value (increment 0) and zeroes them with `dscal(0)`.
    func testBroadcastCopyAndScalingByZero() {
        var n: Int32 = 5, zero: Int32 = 0, one: Int32 = 1
        var value = 2.5, alpha = 0.0
        var y = [Double](repeating: .nan, count: 5)
        dcopy_(&n, &value, &zero, &y, &one)
        XCTAssertEqual(y, [2.5, 2.5, 2.5, 2.5, 2.5])
        y[2] = .nan
        dscal_(&n, &alpha, &y, &one)
        XCTAssertEqual(y, [0, 0, 0, 0, 0])
    }

    /// √Σx² without overflow or underflow, exactly where it is representable.
    func testNormScalesExtremeMagnitudes() {
        var n: Int32 = 2, one: Int32 = 1
        for scale in [0x1p-1060, 0x1p-600, 1.0, 0x1p600, 0x1p1000] {
            let x = [3 * scale, 4 * scale]
            XCTAssertEqual(dnrm2_(&n, x, &one), 5 * scale, "scale \(scale)")
        }
        var three: Int32 = 3
        XCTAssertEqual(dnrm2_(&three, [1, .infinity, 2], &one), .infinity)
        XCTAssertTrue(dnrm2_(&three, [1, .nan, .infinity], &one).isNaN)
        var empty: Int32 = 0
        XCTAssertEqual(dnrm2_(&empty, [1], &one), 0)
    }

    func testMatrixVectorProductsAgreeWithOpenBLAS() {
        let (m, n) = (7, 5)
        let lda = m + 2
        let a = vector(lda * n)
        for trans in ["N", "T"] {
            let (lenx, leny) = trans == "N" ? (n, m) : (m, n)
            let x = vector(lenx), y = vector(leny)
            for (alpha, beta) in [(1.0, 0.0), (-0.5, 1.0), (2.0, -1.5)] {
                var ours = y, theirs = y
                var mm = Int32(m), nn = Int32(n), ld = Int32(lda), one: Int32 = 1, al = alpha, be = beta
                dgemv_(trans, &mm, &nn, &al, a, &ld, x, &one, &be, &ours, &one)
                cblas_dgemv(CblasColMajor, trans == "N" ? CblasNoTrans : CblasTrans, mm, nn, alpha, a, ld, x, 1, beta, &theirs, 1)
                assertClose(ours, theirs, "dgemv \(trans) α \(alpha) β \(beta)")
            }
        }
        let size = 6
        let s = vector(size * size), x = vector(size), y = vector(size)
        for uplo in ["U", "L"] {
            var ours = y, theirs = y
            var nn = Int32(size), one: Int32 = 1, alpha = 1.25, beta = 0.5
            dsymv_(uplo, &nn, &alpha, s, &nn, x, &one, &beta, &ours, &one)
            cblas_dsymv(CblasColMajor, uplo == "U" ? CblasUpper : CblasLower, nn, alpha, s, nn, x, 1, beta, &theirs, 1)
            assertClose(ours, theirs, "dsymv \(uplo)")
        }
    }

    func testMatrixProductsAgreeWithOpenBLAS() {
        let (m, n, k) = (6, 4, 5)
        for ta in ["N", "T"] {
            for tb in ["N", "T"] {
                let (ar, ac) = ta == "N" ? (m, k) : (k, m)
                let (br, bc) = tb == "N" ? (k, n) : (n, k)
                let a = vector(ar * ac), b = vector(br * bc), c = vector(m * n)
                var ours = c, theirs = c
                var mm = Int32(m), nn = Int32(n), kk = Int32(k), lda = Int32(ar), ldb = Int32(br), ldc = Int32(m)
                var alpha = 0.8, beta = -0.3
                dgemm_(ta, tb, &mm, &nn, &kk, &alpha, a, &lda, b, &ldb, &beta, &ours, &ldc)
                cblas_dgemm(CblasColMajor, ta == "N" ? CblasNoTrans : CblasTrans, tb == "N" ? CblasNoTrans : CblasTrans,
                            mm, nn, kk, alpha, a, lda, b, ldb, beta, &theirs, ldc)
                assertClose(ours, theirs, "dgemm \(ta)\(tb)")
            }
        }
        for uplo in ["U", "L"] {
            for trans in ["N", "T"] {
                let (ar, ac) = trans == "N" ? (n, k) : (k, n)
                let a = vector(ar * ac), c = vector(n * n)
                var ours = c, theirs = c
                var nn = Int32(n), kk = Int32(k), lda = Int32(ar), alpha = 1.5, beta = 0.25
                dsyrk_(uplo, trans, &nn, &kk, &alpha, a, &lda, &beta, &ours, &nn)
                cblas_dsyrk(CblasColMajor, uplo == "U" ? CblasUpper : CblasLower, trans == "N" ? CblasNoTrans : CblasTrans,
                            nn, kk, alpha, a, lda, beta, &theirs, nn)
                assertClose(ours, theirs, "dsyrk \(uplo)\(trans)")
            }
        }
    }

    func testTriangularSolvesAgreeWithOpenBLAS() {
        let (m, n) = (5, 4)
        for side in ["L", "R"] {
            let order = side == "L" ? m : n
            var a = vector(order * order)
            for i in 0..<order { a[i + i * order] = 3 + Double(i) }  // well conditioned
            let b = vector(m * n)
            for uplo in ["U", "L"] {
                for trans in ["N", "T"] {
                    for diag in ["N", "U"] {
                        var ours = b, theirs = b
                        var mm = Int32(m), nn = Int32(n), lda = Int32(order), ldb = Int32(m), alpha = -1.25
                        dtrsm_(side, uplo, trans, diag, &mm, &nn, &alpha, a, &lda, &ours, &ldb)
                        cblas_dtrsm(CblasColMajor, side == "L" ? CblasLeft : CblasRight, uplo == "U" ? CblasUpper : CblasLower,
                                    trans == "N" ? CblasNoTrans : CblasTrans, diag == "N" ? CblasNonUnit : CblasUnit,
                                    mm, nn, alpha, a, lda, &theirs, ldb)
                        assertClose(ours, theirs, tolerance: 1e-11, "dtrsm \(side)\(uplo)\(trans)\(diag)")
                    }
                }
            }
        }
    }
}
