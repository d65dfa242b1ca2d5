import Foundation
import Grid
import OPF
import SeededRandom

/// `socp`: the DSO's SOCP relaxation solved by the radial interior-point method (issue 20), by
/// Ipopt with SparseLDL, and by Clarabel on the very same conic instances (`ConicInstance`), in one
/// run on one machine: the 33-, 69- and 141-bus OPFs and seeded trade checks with the stressed
/// spec's parameter ranges. Times are each solver's own solve time, medians.
let socpSuite = BenchmarkSuite(name: "socp", summary: "SOCP relaxation: radial IPM vs Ipopt vs Clarabel, same instances") {
    let loadBefore = loadAverage()
    let repetitions = 30
    var instances: [(name: String, instance: ConicInstance)] = []
    var rows: [SOCPRow] = []

    for (name, problem) in try standardProblems() {
        guard let instance = try ConicInstance(problem: problem) else { continue }
        instances.append((name, instance))
        let ipm = OPFSolver(warmStart: false, socpSolver: .radialIPM)
        var ipmSeconds: [Double] = [], ipmIterations = 0, ipmObjective = 0.0
        for _ in 0..<repetitions {
            let result = try ipm.solve(problem)
            ipmSeconds.append(result.solveSeconds)
            (ipmIterations, ipmObjective) = (result.iterations, result.objective)
        }
        var coldSeconds: [Double] = [], ipoptSeconds: [Double] = [], ipoptIterations = 0, ipoptObjective = 0.0
        for _ in 0..<repetitions {
            coldSeconds.append(try OPFSolver(warmStart: false, socpSolver: .radialIPM).solve(problem).solveSeconds)
            let result = try OPFSolver(warmStart: false, socpSolver: .ipopt).solve(problem)
            ipoptSeconds.append(result.solveSeconds)
            (ipoptIterations, ipoptObjective) = (result.iterations, result.objective)
        }
        rows.append(SOCPRow(name: name, instance: instance, ipmSeconds: median(ipmSeconds), ipmColdSeconds: median(coldSeconds),
                            ipmIterations: ipmIterations, ipoptSeconds: median(ipoptSeconds), ipoptIterations: ipoptIterations,
                            objectiveDifference: relativeDifference(ipmObjective, ipoptObjective),
                            conicObjectives: [name: instance.objectiveScale * (ipmObjective - instance.objectiveConstant)]))
    }

    // Trade checks: each scenario once per solver; the IPM keeps one solver (the analysis of the shared structure). The
    // warm-started solvers take the same checks in the same order, interleaved with the cold ones so that both see the
    // same machine speed (this VM's moves by up to 2× within an hour).
    let requests = try stressedTradeChecks(count: 60)
    let ipm = OPFSolver(warmStart: false, socpSolver: .radialIPM), ipopt = OPFSolver(warmStart: false, socpSolver: .ipopt)
    let warmIPM = OPFSolver(warmStart: true, socpSolver: .radialIPM), warmIpopt = OPFSolver(warmStart: true, socpSolver: .ipopt)
    for solver in [ipm, ipopt, warmIPM, warmIpopt] { solver.relaxationGapTolerancePU2 = nil }
    var cold = TradeCheckTimes(), warm = TradeCheckTimes()
    var curtailed = 0, conicObjectives: [String: Double] = [:]
    for (k, request) in requests.enumerated() {
        guard let instance = try ConicInstance(request: request) else { continue }
        let name = "trade check \(k)"
        instances.append((name, instance))
        let a = try ipm.check(request), b = try ipopt.check(request)
        cold.add(a.opf, b.opf)
        warm.add(try warmIPM.check(request).opf, try warmIpopt.check(request).opf)
        if !a.accepted { curtailed += 1 }
        conicObjectives[name] = instance.objectiveScale * (a.opf.objective - instance.objectiveConstant)
    }
    if let first = instances.first(where: { $0.name.hasPrefix("trade check") }) {
        for (label, times) in [("stressed trade checks (\(requests.count), \(curtailed) curtailed)", cold),
                               ("the same, each warm-started from the previous", warm)] {
            rows.append(SOCPRow(name: label, instance: first.instance,
                                ipmSeconds: median(times.ipmSeconds), ipmColdSeconds: nil, ipmIterations: medianInt(times.ipmIterations),
                                ipoptSeconds: median(times.ipoptSeconds), ipoptIterations: medianInt(times.ipoptIterations),
                                objectiveDifference: times.objectiveDifference, conicObjectives: conicObjectives))
        }
    }

    let clarabel = ClarabelReference.measure(instances, repetitions: 10)
    let clarabelTight = ClarabelReference.measure(instances, repetitions: 10, tolerance: 1e-10)
    let loadAfter = loadAverage()
    let table = rows.map { $0.markdown(clarabel: try? clarabel.get(), tight: try? clarabelTight.get()) }
    var notes: [String] = []
    switch clarabel {
    case .success(let reference):
        notes.append("Clarabel \(reference.clarabel) (Python \(reference.python), `\(reference.interpreter)`), its own `solve_time`, "
                     + "median of 10 fresh solves per instance (setup — equilibration, KKT assembly and symbolic analysis — not included). "
                     + "*Clarabel ≤1e-10*: the same with its gap and feasibility tolerances at 1e-10, the radial IPM's own tolerance.")
    case .failure(let reason):
        notes.append("No Clarabel figure on this run: \(reason.description). The ratios need it; install with "
                     + "`scripts/install-bench-deps` (pip: clarabel, scipy).")
    }
    return """
        # Benchmark: socp

        The DSO's SOCP relaxation (DESIGN.md §4; `ConicInstance`: DistFlow equalities, bounds as orthant
        rows, one rotated cone per branch and two per rated branch) solved by three solvers on the same
        instances: p2pgrid's radial interior-point method (`RadialIPMSolver`, issue 20: Mehrotra
        predictor–corrector, Nesterov–Todd scaling, the reduced KKT system on SparseLDL's static-pivot
        LDLᵀ with its analysis kept for the structure; p2pgrid's default SOCP solver), Ipopt 3.11.9 with
        SparseLDL (the SOCP solver before issue 20), and Clarabel, given the radial IPM's own conic form through `scripts/clarabel_reference.py`.
        Machine: \(machineDescription()); load average before: \(loadBefore), after: \(loadAfter).

        - **radial IPM**: `OPFSolver(socpSolver: .radialIPM)` (the default) reused across solves, so the symbolic analysis of
          the KKT pattern is done once (as in dataset generation); its `solveSeconds` — conic form from the
          model, iterations, answer in Ipopt's convention — median of \(repetitions) solves (the trade checks: one
          solve per scenario, median over scenarios). *new solver*: a fresh `OPFSolver` per solve (ordering and
          analysis included). Tolerance 1e-10 on the scaled residuals and gap.
        - **Ipopt**: `OPFSolver(socpSolver: .ipopt)` from a flat start, its `solveSeconds` (Ipopt's `OptimizeTNLP` call), median.
        - **Clarabel**: see below. The objectives are compared: radial IPM against Ipopt (the program's objective,
          relative), Clarabel against the radial IPM (the conic objective, relative).
        - Ratios are times of the peer divided by the radial IPM's (cached analysis): above 1, the radial IPM is faster.
        - The trade checks: the modified 33-bus system (`Datasets/systems/ieee33-modified.yaml`), MGs at buses
          17, 22, 25, 32 with power factor U(0.85, 1), seeded scenarios drawn from the stressed spec's ranges
          (load scale U(0.6, 1.1), c_ls U(0.001, 0.01), λ_corr U(0.05, 0.5) Rs/kW²) and 12 bilateral trades
          U(0, 2000) kW (κ = 10 MGs); the SOCP alone (no exact re-solve). *Warm-started*: the same checks in
          order, both p2pgrid solvers with `warmStart` on (as in a generation block), interleaved with the cold solves;
          Clarabel's figures are its cold ones.

        \(notes.joined(separator: "\n"))

        | instance | variables / equalities / cone rows | radial IPM | iters | radial IPM, new solver | Ipopt + SparseLDL | iters | Clarabel | iters | Clarabel ≤1e-10 | Clarabel / radial IPM | Ipopt / radial IPM | objective vs Ipopt | Clarabel's objective |
        |---|---|---|---|---|---|---|---|---|---|---|---|---|---|
        \(table.joined(separator: "\n"))

        Goal (issue 20): ≥ 4× faster than Clarabel's solve time on the 33-bus SOCP (≤ 0.3 ms per solve).
        """
}

/// The radial IPM's and Ipopt's solve times and iterations over a sequence of trade checks, and their largest
/// relative objective difference.
private struct TradeCheckTimes {
    var ipmSeconds: [Double] = [], ipmIterations: [Int] = [], ipoptSeconds: [Double] = [], ipoptIterations: [Int] = []
    var objectiveDifference = 0.0

    mutating func add(_ ipm: OPFResult, _ ipopt: OPFResult) {
        ipmSeconds.append(ipm.solveSeconds)
        ipmIterations.append(ipm.iterations)
        ipoptSeconds.append(ipopt.solveSeconds)
        ipoptIterations.append(ipopt.iterations)
        objectiveDifference = max(objectiveDifference, relativeDifference(ipm.objective, ipopt.objective))
    }
}

/// One line of the `socp` table; Clarabel's figures are looked up by instance name (for the trade checks: the
/// medians over every scenario's instance).
private struct SOCPRow {
    let name: String
    let instance: ConicInstance
    let ipmSeconds: Double, ipmColdSeconds: Double?, ipmIterations: Int
    let ipoptSeconds: Double, ipoptIterations: Int
    let objectiveDifference: Double
    /// The radial IPM's conic objective per instance name.
    let conicObjectives: [String: Double]

    func markdown(clarabel: ClarabelReference?, tight: ClarabelReference?) -> String {
        func figures(_ reference: ClarabelReference?) -> (seconds: Double, iterations: Int, objective: Double)? {
            guard let reference else { return nil }
            let matching = reference.results.filter { conicObjectives[$0.name] != nil }
            guard !matching.isEmpty else { return nil }
            let objective = matching.map { relativeDifference($0.objective, conicObjectives[$0.name]!) }.max() ?? .nan
            return (median(matching.map(\.solveSeconds)), medianInt(matching.map(\.iterations)), objective)
        }
        let c = figures(clarabel), t = figures(tight)
        let size = "\(instance.variables) / \(instance.equalityRHS.count) / \(instance.coneOffset.count)"
        let ratio = { (seconds: Double) in String(format: "%.2f×", seconds / ipmSeconds) }
        return "| \(name) | \(size) | \(formatDuration(ipmSeconds)) | \(ipmIterations) | \(ipmColdSeconds.map(formatDuration) ?? "—") | "
            + "\(formatDuration(ipoptSeconds)) | \(ipoptIterations) | \(c.map { formatDuration($0.seconds) } ?? "—") | "
            + "\(c.map { "\($0.iterations)" } ?? "—") | \(t.map { formatDuration($0.seconds) } ?? "—") | "
            + "\(c.map { ratio($0.seconds) } ?? "—") | \(ratio(ipoptSeconds)) | \(String(format: "%.1e", objectiveDifference)) | "
            + "\(c.map { String(format: "%.1e", $0.objective) } ?? "—") |"
    }
}

/// The opf suite's three feeders: case33bw with a DG at bus 18, case69, case141.
private func standardProblems() throws -> [(String, OPFProblem)] {
    let directory = "../shared/reference-cases/matpower"
    var problems: [(String, OPFProblem)] = []
    for (file, label) in [("case33bw.m", "33-bus + DG at bus 18"), ("case69.m", "69-bus"), ("case141.m", "141-bus")] {
        var network = try MatpowerCase.load(path: "\(directory)/\(file)")
        if file == "case33bw.m" {
            network.generators.append(Generator(bus: 18, qmaxMVAr: 1.0, qminMVAr: -0.5, pmaxMW: 1.5, pminMW: 0,
                                                cost: GeneratorCost(model: .polynomial(coefficients: [0, 15, 0]))))
        }
        problems.append(("\(label) OPF", OPFProblem(network: network)))
    }
    return problems
}

/// Seeded trade checks on the modified 33-bus system with the stressed spec's ranges (see the report).
private func stressedTradeChecks(count: Int) throws -> [TradeCheckRequest] {
    let network = try LoadedSystem(path: "Datasets/systems/ieee33-modified.yaml").network
    var generator = SeededGenerator(seed: 20)
    func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * Double(generator.next() >> 11) / Double(1 << 53)
    }
    return (0..<count).map { _ in
        let microgrids = [17, 22, 25, 32].map { MicrogridConnection(bus: $0, powerFactor: uniform(0.85...1)) }
        var trades: [BilateralTrade] = []
        for seller in 0..<4 { for buyer in 0..<4 where buyer != seller {
            trades.append(BilateralTrade(seller: seller, buyer: buyer, powerKW: uniform(0...2000)))
        } }
        return TradeCheckRequest(network: network, microgrids: microgrids, trades: trades, loadScale: uniform(0.6...1.1),
                                 sheddingCostRsPerKW2: uniform(0.001...0.01), correctionCostRsPerKW2: uniform(0.05...0.5))
    }
}

private func median(_ values: [Double]) -> Double { TimingSamples(seconds: values).median }

private func relativeDifference(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(1, abs(b)) }
