import Testing
import Grid

/// The AC power flow reproduces published results of the standard feeders.
@Suite struct PublishedPowerFlowTests {
    @Test(.enabled(if: ReferenceCases.available))
    func ieee33BusMatchesBaranWu() throws {
        var solver = try RadialPowerFlow(network: ReferenceCases.load("case33bw.m"))
        let solution = try solver.solve()
        #expect(abs(solution.lossesKW - 202.68) <= 0.05, "losses \(solution.lossesKW) kW")
        let (index, voltage) = solution.minimumVoltage
        #expect(abs(voltage - 0.9131) <= 0.0002, "Vmin \(voltage)")
        #expect(solution.busIDs[index] == 18)
    }

    @Test(.enabled(if: ReferenceCases.available))
    func case69MatchesPublished() throws {
        var solver = try RadialPowerFlow(network: ReferenceCases.load("case69.m"))
        let solution = try solver.solve()
        #expect(abs(solution.lossesKW - 224.99) <= 0.05, "losses \(solution.lossesKW) kW")
        let (index, voltage) = solution.minimumVoltage
        #expect(abs(voltage - 0.9092) <= 0.0002, "Vmin \(voltage)")
        #expect(solution.busIDs[index] == 65, "Vmin at bus \(solution.busIDs[index])")
    }
}
