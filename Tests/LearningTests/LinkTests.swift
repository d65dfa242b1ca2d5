import Testing
import CBLAS
@Test func blasLinks() {
    var a: [Float] = [1, 2, 3, 4]; var b: [Float] = [5, 6, 7, 8]; var c = [Float](repeating: 0, count: 4)
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 2, 1, &a, 2, &b, 2, 0, &c, 2)
    #expect(c == [19, 22, 43, 50])
    var m: [Double] = [4, 2, 2, 3]; var r: [Double] = [1, 1]
    let info = LAPACKE_dposv(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), 2, 1, &m, 2, &r, 1)
    #expect(info == 0)
}
