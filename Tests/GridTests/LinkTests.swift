import Testing
import Grid
@Test func gridLinks() { #expect(Bool(true)) }
