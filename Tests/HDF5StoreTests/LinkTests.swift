import Testing
import CHDF5
@Test func hdf5Links() { #expect(H5open() >= 0) }
