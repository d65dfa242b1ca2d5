import Testing
import CIpopt
@Test func ipoptLinks() {
    let x: Int = 3
    #expect(x == 3)
    let n: IpoptIndex = 1
    #expect(n == 1)
}
