import Testing
import Grid

/// Tie-switch / sectionalizing-switch exchanges keep the feeder radial.
@Suite struct ReconfigurationTests {
    /// Radial and connected by counting, independent of `RadialTopology`:
    /// n − 1 in-service branches (per slack) that join every bus (union–find).
    static func isSpanningForest(_ network: Network) -> Bool {
        let index = Dictionary(uniqueKeysWithValues: network.buses.enumerated().map { ($1.id, $0) })
        var parent = Array(network.buses.indices)
        func find(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
        // All sources count as one node: a path between two slacks is a loop through the upstream grid.
        let slacks = network.buses.indices.filter { network.buses[$0].type == .slack }
        for s in slacks.dropFirst() { parent[find(s)] = find(slacks[0]) }
        var edges = 0
        for branch in network.branches where branch.inService {
            let a = find(index[branch.fromBus]!), b = find(index[branch.toBus]!)
            if a == b { return false }
            parent[a] = b
            edges += 1
        }
        let roots = Set(network.buses.indices.map(find))
        return roots.count == 1 && edges == network.buses.count - slacks.count
    }

    @Test(.enabled(if: ReferenceCases.available))
    func ieee33EnumerationMatchesBruteForce() throws {
        let network = try ReferenceCases.load("case33bw.m")
        #expect(network.tieSwitches.count == 5)
        let exchanges = try network.radialExchanges()
        // Brute force: every (tie, closed branch) pair whose swap leaves a spanning forest.
        var expected = Set<BranchExchange>()
        for tie in network.tieSwitches {
            for branch in network.branches.indices where network.branches[branch].inService {
                var candidate = network
                candidate.branches[tie].inService = true
                candidate.branches[branch].inService = false
                if Self.isSpanningForest(candidate) { expected.insert(BranchExchange(closedTie: tie, openedSectionalizer: branch)) }
            }
        }
        #expect(Set(exchanges) == expected)
        #expect(exchanges.count == expected.count)
        for exchange in exchanges {
            let reconfigured = try network.applying(exchange)
            #expect(Self.isSpanningForest(reconfigured), "\(exchange)")
            let topology = try RadialTopology(network: reconfigured)
            #expect(topology.order.count == network.buses.count)
            var solver = try RadialPowerFlow(network: reconfigured)
            // Closing tie 12–22 and opening 2–3 hangs the whole feeder behind the 2 Ω tie: beyond
            // its loadability (Newton–Raphson with load continuation, run outside the suite, loses
            // the solution at load scale 0.95), so the sweep must report non-convergence there.
            if network.branches[exchange.closedTie].fromBus == 12 && network.branches[exchange.openedSectionalizer].toBus == 3 {
                #expect(throws: GridError.self) { try solver.solve(loadScale: 1.0) }
                let solution = try solver.solve(loadScale: 0.9)
                #expect(AdmittanceBalanceTests.largestMismatchPU(reconfigured, solution, loadScale: 0.9) <= 1e-6)
            } else {
                let solution = try solver.solve()
                #expect(AdmittanceBalanceTests.largestMismatchPU(reconfigured, solution) <= 1e-6, "\(exchange)")
            }
        }
    }

    /// 1.0 when the power flow converges at nominal load; 0.25 when it reports
    /// non-convergence there (any other error is a test failure).
    static func nominalOrQuarterLoad(_ network: Network) -> Double {
        guard var solver = try? RadialPowerFlow(network: network) else { return 1 }
        do {
            _ = try solver.solve(loadScale: 1.0)
            return 1
        } catch {
            guard case .powerFlowDidNotConverge = error else { return 1 }
            return 0.25
        }
    }

    @Test(.enabled(if: ReferenceCases.available), arguments: ["case16ci.m", "case70da.m", "case118zh.m", "case136ma.m"])
    func everyExchangeOfMultiTieFeedersIsRadialAndSolves(caseName: String) throws {
        let network = try ReferenceCases.load(caseName)
        let exchanges = try network.radialExchanges()
        #expect(!exchanges.isEmpty)
        for exchange in exchanges {
            let reconfigured = try network.applying(exchange)
            #expect(Self.isSpanningForest(reconfigured), "\(caseName): \(exchange)")
            // Some exchanges exceed the feeder's loadability at nominal load (e.g. case118zh hangs
            // most of the feeder behind one tie); those must fail loudly, and every configuration
            // must solve, and balance, at a quarter of the load.
            let scale = Self.nominalOrQuarterLoad(reconfigured)
            var solver = try RadialPowerFlow(network: reconfigured)
            let solution = try solver.solve(loadScale: scale)
            #expect(AdmittanceBalanceTests.largestMismatchPU(reconfigured, solution, loadScale: scale) <= 1e-6, "\(caseName): \(exchange)")
        }
    }

    /// Baran & Wu's loss-minimising configuration (open 7–8, 9–10, 14–15,
    /// 32–33 and keep tie 25–29 open) as four successive exchanges:
    /// published losses 139.55 kW, Vmin 0.9378 p.u.
    @Test(.enabled(if: ReferenceCases.available))
    func optimalBaranWuConfigurationReproducesPublishedLosses() throws {
        var network = try ReferenceCases.load("case33bw.m")
        func branch(_ from: Int, _ to: Int) -> Int {
            network.branches.firstIndex { ($0.fromBus, $0.toBus) == (from, to) }!
        }
        let steps = [(branch(21, 8), branch(7, 8)), (branch(9, 15), branch(9, 10)),
                     (branch(12, 22), branch(14, 15)), (branch(18, 33), branch(32, 33))]
        for (tie, sectionalizer) in steps {
            network = try network.applying(BranchExchange(closedTie: tie, openedSectionalizer: sectionalizer))
        }
        var solver = try RadialPowerFlow(network: network)
        let solution = try solver.solve()
        #expect(abs(solution.lossesKW - 139.55) <= 0.05, "losses \(solution.lossesKW)")
        #expect(abs(solution.minimumVoltage.voltagePU - 0.9378) <= 0.0002)
    }

    @Test(.enabled(if: ReferenceCases.available))
    func exchangeOffTheLoopIsRejected() throws {
        let network = try ReferenceCases.load("case33bw.m")
        let tie = network.tieSwitches[0]  // 21–8
        let offLoop = network.branches.firstIndex { ($0.fromBus, $0.toBus) == (32, 33) }!
        #expect(throws: GridError.self) {
            try network.applying(BranchExchange(closedTie: tie, openedSectionalizer: offLoop))
        }
        #expect(throws: GridError.invalidReconfiguration(message: "branch #1 is not an open tie switch of case33bw")) {
            try network.loopBranches(closing: 0)
        }
    }
}
