import Foundation
import Market
import Testing
@testable import Stages

/// `convergence.csv` of the casestudy stage and the report's residual figure
/// drawn from it (DESIGN.md §13).
@Suite struct ClearingConvergenceTests {
    /// Three clearings of 2, 3 and 5 rounds.
    static let clearings = [
        ADMMResiduals(primalKW: [4, 1], consensusChangeKW: [40, 10]),
        ADMMResiduals(primalKW: [2, 0.5, 1e-5], consensusChangeKW: [20, 5, 1e-6]),
        ADMMResiduals(primalKW: [8, 3, 0.2, 0.01, 0], consensusChangeKW: [80, 30, 2, 0.1, 1e-7]),
    ]

    @Test("Per round: the clearings still running and the 10th, 50th and 90th percentiles over them (type 7)")
    func percentilesPerRound() throws {
        let convergence = ClearingConvergence(Self.clearings)
        #expect(convergence.rounds.map(\.round) == [1, 2, 3, 4, 5])
        #expect(convergence.rounds.map(\.clearings) == [3, 3, 2, 1, 1])
        // Round 1 over {2, 4, 8}: p10 = 2 + 0.2·2, median 4, p90 = 4 + 0.8·4.
        #expect(convergence.rounds[0].primalKW == [2.4, 4, 7.2])
        #expect(convergence.rounds[0].consensusChangeKW == [24, 40, 72])
        // Round 3 over {1e-5, 0.2}: the clearing of two rounds has stopped.
        let third = convergence.rounds[2].primalKW
        #expect(abs(third[1] - (1e-5 + 0.2) / 2) < 1e-15 && abs(third[0] - (1e-5 + 0.1 * (0.2 - 1e-5))) < 1e-15)
        #expect(convergence.rounds[4].primalKW == [0, 0, 0])
        // The order of the clearings does not matter.
        #expect(ClearingConvergence(Self.clearings.reversed()).rounds == convergence.rounds)

        let csv = try convergence.table().csv().split(separator: "\r\n").map(String.init)
        #expect(csv[0] == ClearingConvergence.columns.joined(separator: ","))
        #expect(csv.count == 6 && csv[1].hasPrefix("1,3,"))
        // A central clearing: the header alone.
        #expect(try ClearingConvergence([]).table().csv() == ClearingConvergence.columns.joined(separator: ",") + "\r\n")
    }

    @Test("Real ADMM clearings: one sample per clearing in round 1, as many rounds as the longest, and they end within tolerance")
    func admmClearings() throws {
        let market = P2PMarket(parameters: MarketParameters(clearing: .admm))
        // Four MGs with the paper's devices (DESIGN.md §2), diesel cheap to dear, under six levels of sun.
        let microgrids = [(0.079, 1.2), (0.2, 1.2), (0.35, 1.5), (0.5, 1.8)].enumerated().map { n, cost in
            Microgrid(name: "MG\(n + 1)", bus: [17, 22, 25, 32][n], photovoltaic: PhotovoltaicUnit(nominalKW: 10),
                      battery: BatteryStorage(ratedPowerKW: 10, minimumSOCKWh: 4, maximumSOCKWh: 20, chargeEfficiency: 0.95,
                                              dischargeEfficiency: 0.95, socKWh: 12),
                      diesel: DieselGenerator(maximumKW: 48, quadraticCostRsPerKW2: 0.004, linearCostRsPerKWh: cost.0),
                      demand: FlexibleDemand(omegaRsPerKWh: cost.1, alphaRsPerKW2: 0.02, minimumKW: 10, maximumKW: 60))
        }
        let hours = (0..<6).map { hour in
            microgrids.map { MicrogridHour(microgrid: $0, availablePVKW: $0.photovoltaic.availableKW(irradianceFactor: 0.15 * Double(hour))) }
        }
        let clearings = try hours.map { try market.clear($0) }
        let residuals = clearings.compactMap(\.residuals)
        #expect(residuals.count == 6 && zip(residuals, clearings).allSatisfy { $0.rounds == $1.communication.rounds })
        let convergence = ClearingConvergence(residuals)
        #expect(convergence.rounds.first?.clearings == 6 && convergence.rounds.count == residuals.map(\.rounds).max())
        let options = ADMMOptions()
        let last = try #require(convergence.rounds.last)
        #expect(last.primalKW[2] <= options.primalToleranceKW && last.consensusChangeKW[2] <= options.consensusToleranceKW)
        // A central market carries no residuals.
        #expect(try P2PMarket().clear(hours[0]).residuals == nil)
    }

    @Test("The report draws the figure when the case studies cleared by ADMM, and refuses a parameter that disagrees")
    func reportFigure() throws {
        let fixture = try ReportFixture()
        defer { fixture.remove() }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("p2pgrid-convergence-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        func problem(_ run: () throws -> Void) -> String {
            do { try run(); return "" } catch { return "\(error)" }
        }
        // The fixture's case studies cleared centrally: asking for the figure is refused.
        #expect(problem { try fixture.runReport(into: output, clearingConvergence: true) }.contains("cleared the market centrally"))

        // Ten clearings of 1…10 rounds: rounds are drawn while at least 10 % run, i.e. all ten.
        let clearings = (1...10).map { (n: Int) -> ADMMResiduals in
            let primal: [Double] = (0..<n).map { r in 1 / Double(r + 1) }
            return ADMMResiduals(primalKW: primal, consensusChangeKW: primal.map { $0 / 10 })
        }
        try ReportFixture.writeConvergence(clearings, into: fixture.directory + "/cases")
        #expect(problem { try fixture.runReport(into: output) }.contains("set clearingConvergence: true"))
        let declared = try fixture.runReport(into: output, clearingConvergence: true)
        for name in ["clearing-convergence.csv", "clearing-convergence.gp", "clearing-convergence.svg"] {
            #expect(declared.contains("figures/\(name)") && FileManager.default.fileExists(atPath: output + "/figures/" + name))
        }
        let data = try String(contentsOfFile: output + "/figures/clearing-convergence.csv", encoding: .utf8)
            .split(separator: "\r\n").dropFirst()
        #expect(data.count == 10)
        // Round 1: every clearing at 1 kW of primal residual, so band and median are 1.
        let first = data.first!.split(separator: ",").compactMap { Double($0) }
        #expect(first.count == 8 && first[0] == 1 && first[1] == 1 && first[2] == 1 && first[3] == 1)
        let report = try String(contentsOfFile: output + "/report.md", encoding: .utf8)
        #expect(report.contains("## Distributed clearing: convergence") && report.contains("n = 10 clearings")
                && report.contains("a median of 5.5 ADMM rounds"))
    }
}
