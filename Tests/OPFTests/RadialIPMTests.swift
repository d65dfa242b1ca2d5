import Foundation
import Testing
import Grid
@testable import OPF

/// The radial interior-point method (issue 20) against Ipopt, the independent
/// solver of the same SOCP: objective within 1e-7 relative, voltages within
/// 1e-6 p.u., α within 1e-5, the same binding limits and DLMPs; and the KKT
/// conditions of its own answer.
@Suite struct RadialIPMTests {
    static func solvers() -> (ipopt: OPFSolver, ipm: OPFSolver) {
        (OPFSolver(warmStart: false, socpSolver: .ipopt), OPFSolver(warmStart: false, socpSolver: .radialIPM))
    }

    /// Prices are compared where they are unique: not at buses that shed their whole load.
    static func expectAgreement(_ a: OPFResult, _ b: OPFResult, _ label: String, loadsMW: [Double]) {
        #expect(a.status == .optimal && b.status == .optimal, "\(label): \(a.status) / \(b.status)")
        #expect(abs(a.objective - b.objective) <= 1e-7 * max(1, abs(a.objective)), "\(label): objective \(a.objective) vs \(b.objective)")
        let voltage = zip(a.voltagesPU, b.voltagesPU).map { abs($0 - $1) }.max() ?? 0
        #expect(voltage <= 1e-6, "\(label): voltages differ by \(voltage) p.u.")
        let alpha = zip(a.tradeAcceptance, b.tradeAcceptance).map { abs($0 - $1) }.max() ?? 0
        #expect(alpha <= 1e-5, "\(label): α differs by \(alpha)")
        let priced = a.dlmpPerKWh.indices.filter { !(a.shedMW[$0] > 0 && a.shedMW[$0] >= loadsMW[$0] - 1e-6) }
        let dlmp = priced.map { abs(a.dlmpPerKWh[$0] - b.dlmpPerKWh[$0]) }.max() ?? 0
        #expect(dlmp <= 1e-5 * max(1, a.dlmpPerKWh.map(abs).max() ?? 0), "\(label): DLMPs differ by \(dlmp)")
        #expect(a.binding.map(\.description) == b.binding.map(\.description), "\(label): \(a.binding) vs \(b.binding)")
        #expect(b.maxConstraintViolation <= 1e-8, "\(label): violation \(b.maxConstraintViolation)")
    }

    @Test("Standard OPFs: the modified 33-bus system, case33bw, case69, and a binding voltage band with shedding")
    func standardOPFs() throws {
        let (ipopt, ipm) = Self.solvers()
        var problems = [("ieee33-modified", OPFProblem(network: try ReferenceFeeders.modifiedIEEE33()))]
        if let case33 = try ReferenceFeeders.load("case33bw.m") {
            problems.append(("case33bw", OPFProblem(network: case33)))
            problems.append(("case33bw shedding", OPFProblem(network: InputAndFeasibilityTests.impossibleVoltageBand(case33),
                                                             shedding: LoadSheddingCost(linearPerMWh: 1000))))
        }
        if let case69 = try ReferenceFeeders.load("case69.m") { problems.append(("case69", OPFProblem(network: case69))) }
        for (label, problem) in problems {
            let a = try ipopt.solve(problem), b = try ipm.solve(problem)
            Self.expectAgreement(a, b, label, loadsMW: problem.network.buses.map(\.pdMW))
            // A bus that sheds its whole load has a price bounded only from below (its shed bound and a voltage
            // bound hold together): the two interior-point methods may end at different points of that dual face,
            // but both must price its last kW (with its kVAr) at the VOLL or above.
            for i in a.shedMW.indices where a.shedMW[i] > 0 && a.shedMW[i] >= problem.network.buses[i].pdMW - 1e-6 {
                let ratio = problem.network.buses[i].qdMVAr / problem.network.buses[i].pdMW
                for r in [a, b] { #expect(r.dlmpPerKWh[i] + r.reactivePricePerKVArh[i] * ratio >= 1 - 1e-6, "\(label): bus \(i)") }
            }
        }
    }

    @Test("Trade checks: accepted trades, a trade curtailed by a thermal limit, heavy load with shedding")
    func tradeChecks() throws {
        guard let network = try ReferenceFeeders.ieee33WithBus18Generator() else { return }
        let (ipopt, ipm) = Self.solvers()
        var rated = network
        let feeder = try #require(rated.branches.firstIndex { $0.fromBus == 24 && $0.toBus == 25 })
        rated.branches[feeder].rateAMVA = 1.0
        let cases: [(String, Network, [BilateralTrade], Double)] = [
            ("accepted", network, [BilateralTrade(seller: 0, buyer: 1, powerKW: 30), BilateralTrade(seller: 2, buyer: 3, powerKW: 20),
                                   BilateralTrade(seller: 3, buyer: 0, powerKW: 10)], 1),
            ("thermal", rated, [BilateralTrade(seller: 2, buyer: 0, powerKW: 2000)], 1),
            ("heavy load", network, [BilateralTrade(seller: 0, buyer: 3, powerKW: 400), BilateralTrade(seller: 1, buyer: 2, powerKW: 300)], 1.8),
        ]
        for (label, feederNetwork, trades, scale) in cases {
            var request = TradeCheckTests.request(feederNetwork, trades)
            request.loadScale = scale
            let reference = try ipopt.check(request), answer = try ipm.check(request)
            #expect(reference.exactResolve == answer.exactResolve, "\(label)")
            Self.expectAgreement(reference.opf, answer.opf, label, loadsMW: feederNetwork.buses.map { $0.pdMW * scale })
            #expect(reference.accepted == answer.accepted, "\(label)")
        }
        var request = TradeCheckTests.request(rated, [BilateralTrade(seller: 2, buyer: 0, powerKW: 2000)])
        request.loadScale = 1
        #expect(try ipm.check(request).alpha[0] < 0.9, "the thermal case must curtail, or it tests nothing")
    }

    @Test("Milliwatt trades beside a curtailed one: both solvers accept or curtail each trade alike, and a curtailment of at most 1 W is reported as none")
    func milliwattTrades() throws {
        guard let network = try ReferenceFeeders.ieee33WithBus18Generator() else { return }
        let (ipopt, ipm) = Self.solvers()
        var rated = network
        let feeder = try #require(rated.branches.firstIndex { $0.fromBus == 24 && $0.toBus == 25 })
        rated.branches[feeder].rateAMVA = 1.0
        // The residual trades a market clearing leaves (1e-6–1e-5 kW) next to a trade the thermal limit curtails.
        let trades = [BilateralTrade(seller: 2, buyer: 0, powerKW: 2000), BilateralTrade(seller: 0, buyer: 1, powerKW: 2e-6),
                      BilateralTrade(seller: 1, buyer: 3, powerKW: 5e-6), BilateralTrade(seller: 3, buyer: 2, powerKW: 1e-5),
                      BilateralTrade(seller: 0, buyer: 2, powerKW: 3e-6)]
        let request = TradeCheckTests.request(rated, trades)
        let reference = try ipopt.check(request), answer = try ipm.check(request)
        #expect(answer.alpha[0] < 0.9, "the large trade must be curtailed, or the limit does not bind")
        for result in [reference, answer] {
            for (k, trade) in trades.enumerated() {
                let raw = result.opf.tradeAcceptance[k]
                #expect(result.alpha[k] == ((1 - raw) * trade.powerKW <= TradeCheckResult.negligibleCurtailmentKW ? 1 : raw), "trade \(k)")
                #expect(abs(result.curtailedKW[k] - (1 - result.alpha[k]) * trade.powerKW) <= 1e-12, "trade \(k)")
            }
        }
        for k in trades.indices {
            #expect((reference.alpha[k] < TradeCheckResult.acceptanceThreshold) == (answer.alpha[k] < TradeCheckResult.acceptanceThreshold),
                    "trade \(k): α \(reference.alpha[k]) (Ipopt) vs \(answer.alpha[k]) (radial IPM)")
            #expect(abs(reference.curtailedKW[k] - answer.curtailedKW[k]) <= 1e-3 * max(1, reference.curtailedKW[k]), "trade \(k)")
        }
        // The solvers' own α of a milliwatt trade: undetermined within the tolerance (here the radial IPM ends near 0.5).
        #expect(trades.indices.contains { trades[$0].powerKW < 1 && answer.opf.tradeAcceptance[$0] < 0.999 && answer.alpha[$0] == 1 },
                "the rule must act on some trade here, or this shows nothing: \(answer.opf.tradeAcceptance)")
    }

    @Test("Which trades are negligible changes the conic form's numbers, not its structure: one analysed KKT system serves all")
    func negligibleTradesKeepTheStructure() throws {
        guard let network = try ReferenceFeeders.ieee33WithBus18Generator() else { return }
        func conic(_ kW: [Double]) throws -> ConicProgram {
            let trades = kW.enumerated().map { BilateralTrade(seller: $0.offset % 4, buyer: ($0.offset + 1) % 4, powerKW: $0.element) }
            let model = BranchFlowModel(try OPFSolver.specification(of: TradeCheckTests.request(network, trades)).specification)
            return try #require(ConicProgram(model))
        }
        let all = try conic([30, 20, 10]), some = try conic([30, 0, 10]), none = try conic([0, 0, 1e-7])
        #expect(all.pushedVariables.isEmpty && some.pushedVariables.count == 1 && none.pushedVariables.count == 3)
        #expect(all.hasStructure(of: some) && all.hasStructure(of: none))
        // The push is the conic form's alone: the answer's α is 1 and its bound multiplier the program's (≈ 0, not the push).
        let model = BranchFlowModel(try OPFSolver.specification(of: TradeCheckTests.request(network, [
            BilateralTrade(seller: 0, buyer: 1, powerKW: 30), BilateralTrade(seller: 2, buyer: 3, powerKW: 0)])).specification)
        let alpha = try #require(ConicProgram(model)?.pushedVariables.first)
        let solution = try #require(RadialIPMSolver().solve(model))
        #expect(solution.status == .optimal)
        #expect(abs(solution.x[alpha] - 1) <= 1e-9 && solution.upperBoundMultipliers[alpha] <= 1e-6,
                "α \(solution.x[alpha]), z_U \(solution.upperBoundMultipliers[alpha])")
    }

    @Test("An impossible voltage band without shedding is infeasible for both")
    func infeasible() throws {
        guard let network = try ReferenceFeeders.load("case33bw.m") else { return }
        let (_, ipm) = Self.solvers()
        let result = try ipm.solve(OPFProblem(network: InputAndFeasibilityTests.impossibleVoltageBand(network)))
        #expect(result.status == .infeasible)
    }

    @Test("Its own answer satisfies the KKT conditions: feasibility, cones, complementarity, stationarity")
    func kktConditions() throws {
        let network = try ReferenceFeeders.modifiedIEEE33()
        let model = BranchFlowModel(BranchFlowSpecification(network: network, formulation: .socp, shedding: nil))
        let solution = try #require(RadialIPMSolver().solve(model))
        #expect(solution.status == .optimal)
        let program = model.program, x = solution.x
        // Primal: every row and bound within 1e-8.
        for r in 0..<program.constraintCount {
            #expect(solution.constraintValues[r] >= program.constraintLowerBounds[r] - 1e-8
                    && solution.constraintValues[r] <= program.constraintUpperBounds[r] + 1e-8, "row \(r)")
        }
        // Stationarity in Ipopt's convention: ∇f + Jᵀλ − z_L + z_U = 0, relative to the gradient's size.
        var gradient = [Double](repeating: 0, count: program.variableCount)
        program.objectiveGradient(at: x, into: &gradient)
        var jacobian = [Double](repeating: 0, count: program.jacobianPattern.count)
        program.jacobianValues(at: x, into: &jacobian)
        var stationarity = gradient
        for k in 0..<program.jacobianPattern.count {
            stationarity[Int(program.jacobianPattern.columns[k])] += jacobian[k] * solution.constraintMultipliers[Int(program.jacobianPattern.rows[k])]
        }
        for j in stationarity.indices { stationarity[j] += -solution.lowerBoundMultipliers[j] + solution.upperBoundMultipliers[j] }
        let scale = max(1, gradient.map(abs).max() ?? 0)
        #expect((stationarity.map(abs).max() ?? 0) <= 1e-6 * scale)
        // Complementarity and dual signs of the bounds and the cones.
        for j in 0..<program.variableCount {
            #expect(solution.lowerBoundMultipliers[j] >= -1e-12 && solution.upperBoundMultipliers[j] >= -1e-12)
            if program.variableLowerBounds[j].isFinite && program.variableLowerBounds[j] < program.variableUpperBounds[j] {
                #expect(solution.lowerBoundMultipliers[j] * (x[j] - program.variableLowerBounds[j]) <= 1e-8 * scale)
            }
        }
        for r in model.currentRelationRow {
            #expect(solution.constraintMultipliers[r] >= -1e-12 && abs(solution.constraintMultipliers[r] * solution.constraintValues[r]) <= 1e-8 * scale)
        }
    }

    @Test("The exported conic instance is the solved program: its objective and cones at the radial IPM's answer")
    func conicInstanceIsTheProgram() throws {
        guard let network = try ReferenceFeeders.ieee33WithBus18Generator() else { return }
        let problem = OPFProblem(network: network)
        let instance = try #require(try ConicInstance(problem: problem))
        let model = BranchFlowModel(BranchFlowSpecification(network: network, formulation: .socp, shedding: nil))
        let solution = try #require(RadialIPMSolver().solve(model))
        let x = solution.x
        #expect(instance.variables == x.count && instance.coneStart.count == instance.coneOffset.count + 1)
        #expect(instance.orthantRows + instance.secondOrderDimensions.reduce(0, +) == instance.coneOffset.count)
        // f_OPF = f_conic / scale + constant.
        var conicObjective = 0.0
        for j in x.indices { conicObjective += (0.5 * instance.quadratic[j] * x[j] + instance.linear[j]) * x[j] }
        #expect(abs(conicObjective / instance.objectiveScale + instance.objectiveConstant - solution.objective) <= 1e-9 * abs(solution.objective))
        // A x = b, and s = f + E x in the orthant and in every second-order cone (to the solver's tolerance).
        func row(_ start: [Int], _ variable: [Int], _ coefficient: [Double], _ r: Int) -> Double {
            (start[r]..<start[r + 1]).reduce(0) { $0 + coefficient[$1] * x[variable[$1]] }
        }
        for r in instance.equalityRHS.indices {
            #expect(abs(row(instance.equalityStart, instance.equalityVariable, instance.equalityCoefficient, r) - instance.equalityRHS[r]) <= 1e-8)
        }
        let s = instance.coneOffset.indices.map { instance.coneOffset[$0] + row(instance.coneStart, instance.coneVariable, instance.coneCoefficient, $0) }
        for k in 0..<instance.orthantRows { #expect(s[k] >= -1e-9, "orthant row \(k)") }
        var start = instance.orthantRows
        for d in instance.secondOrderDimensions {
            let tail = (start + 1..<start + d).reduce(0) { $0 + s[$1] * s[$1] }.squareRoot()
            #expect(s[start] - tail >= -1e-8, "cone at row \(start)")
            start += d
        }
    }
}
