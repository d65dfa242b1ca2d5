import Testing
import CBLAS

/// The BLAS and LAPACK the Learning module links against, checked on products
/// and solves worked out by hand.
@Suite struct BLASTests {
    @Test func sgemmMatchesHandComputedProduct() {
        // A (2×3) · B (3×2): [[1,2,3],[4,5,6]] · [[7,8],[9,10],[11,12]] = [[58,64],[139,154]].
        let a: [Float] = [1, 2, 3, 4, 5, 6], b: [Float] = [7, 8, 9, 10, 11, 12]
        var c = [Float](repeating: 0, count: 4)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 3, 1, a, 3, b, 2, 0, &c, 2)
        #expect(c == [58, 64, 139, 154])
    }

    @Test func sgemmTransposeAlphaAndBetaAccumulate() {
        // C = 2 · Aᵀ · B + 1 · C with A (3×2) = [[1,4],[2,5],[3,6]] stored row-major, so Aᵀ is the A above.
        let a: [Float] = [1, 4, 2, 5, 3, 6], b: [Float] = [7, 8, 9, 10, 11, 12]
        var c: [Float] = [1, 1, 1, 1]
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, 2, 2, 3, 2, a, 2, b, 2, 1, &c, 2)
        #expect(c == [117, 129, 279, 309])
    }

    @Test func sgemmWithTransposedWeightLikeALinearLayer() {
        // x (1×3) · Wᵀ with W (2×3) = [[1,0,-1],[2,1,0]]: [1,2,3] → [1−3, 2+2] = [−2, 4].
        let x: [Float] = [1, 2, 3], w: [Float] = [1, 0, -1, 2, 1, 0]
        var y: [Float] = [0, 0]
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, 1, 2, 3, 1, x, 3, w, 3, 0, &y, 2)
        #expect(y == [-2, 4])
    }

    @Test func dposvSolvesSymmetricPositiveDefiniteSystem() {
        // [[4,2],[2,3]] x = [2,1]: det 8, x = [ (2·3 − 2·1)/8, (4·1 − 2·2)/8 ] = [0.5, 0].
        var m: [Double] = [4, 2, 2, 3], r: [Double] = [2, 1]
        let info = LAPACKE_dposv(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), 2, 1, &m, 2, &r, 1)
        #expect(info == 0)
        #expect(abs(r[0] - 0.5) < 1e-12 && abs(r[1]) < 1e-12)
    }

    @Test func dposvReportsANonPositiveDefiniteMatrix() {
        var m: [Double] = [1, 2, 2, 1], r: [Double] = [1, 1]
        let info = LAPACKE_dposv(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), 2, 1, &m, 2, &r, 1)
        #expect(info > 0)
    }
}
