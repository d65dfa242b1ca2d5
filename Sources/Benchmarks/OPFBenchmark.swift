import Foundation
import Grid
import OPF
import SeededRandom

/// `opf`: median solve times of the DSO's branch-flow OPF on the 33-, 69- and
/// 141-bus feeders — cold (a fresh solver, flat start) and warm (one solver
/// over a sequence of related problems, each a ±5 % load change of the last,
/// as in dataset generation) — with each of Ipopt's linear solvers.
let opfSuite = BenchmarkSuite(name: "opf", summary: "branch-flow OPF on Ipopt: cold and warm solves, 33/69/141-bus") {
    let loadBefore = loadAverage()
    let directory = "../shared/reference-cases/matpower"
    var rows: [String] = []
    for (file, label) in [("case33bw.m", "33-bus + DG at bus 18"), ("case69.m", "69-bus"), ("case141.m", "141-bus")] {
        var network = try MatpowerCase.load(path: "\(directory)/\(file)")
        if file == "case33bw.m" {
            network.generators.append(Generator(bus: 18, qmaxMVAr: 1.0, qminMVAr: -0.5, pmaxMW: 1.5, pminMW: 0,
                                                cost: GeneratorCost(model: .polynomial(coefficients: [0, 15, 0]))))
        }
        for formulation in OPFFormulation.allCases { for linearSolver in IpoptLinearSolver.allCases {
            let options = ipoptOptions(linearSolver)
            let problem = OPFProblem(network: network, formulation: formulation)
            var coldIterations: [Int] = [], coldCPU: [Double] = []
            let cold = try measure(iterations: 30, warmup: 2) {
                let start = processCPUSeconds()
                let result = try OPFSolver(options: options, warmStart: false, socpSolver: .ipopt).solve(problem)
                coldCPU.append(processCPUSeconds() - start)
                coldIterations.append(result.iterations)
            }
            let sequence = loadSequence(network, count: 60, seed: 4)
            let solver = OPFSolver(options: options, socpSolver: .ipopt)
            _ = try solver.solve(OPFProblem(network: network, formulation: formulation))
            var index = 0, warmIterations: [Int] = [], warmCPU: [Double] = [], failures = 0
            let warm = try measure(iterations: sequence.count, warmup: 0) {
                let start = processCPUSeconds()
                let result = try solver.solve(OPFProblem(network: sequence[index], formulation: formulation))
                warmCPU.append(processCPUSeconds() - start)
                index += 1
                warmIterations.append(result.iterations)
                if !result.status.hasSolution { failures += 1 }
            }
            rows.append("| \(label) | \(formulation.rawValue) | \(linearSolver.rawValue) | \(formatDuration(cold.median)) | \(formatDuration(TimingSamples(seconds: coldCPU).median)) | \(medianInt(coldIterations)) | \(formatDuration(warm.median)) | \(formatDuration(TimingSamples(seconds: warmCPU).median)) | \(medianInt(warmIterations)) | \(failures) |")
        } }
    }
    let tradeRows = try tradeCheckRows(systemPath: "Datasets/systems/ieee33-modified.yaml")
    return """
    # Benchmark: opf

    Branch-flow OPF (DESIGN.md §4) on Ipopt 3.11.9, exact sparse derivatives, with each KKT solver:
    `sparseLDL` (p2pgrid's multifrontal LDLᵀ, `Sources/SparseLDL`, through Ipopt's MA27 interface;
    the default) and `mumps` (Debian's sequential MUMPS 5.5).
    Machine: \(machineDescription()); load average when the suite started: \(loadBefore)
    (other jobs share the cores, so wall times are inflated; CPU times are the steadier figure).

    - **cold**: `OPFSolver(warmStart: false, socpSolver: .ipopt).solve(problem)` end to end (validation, model build,
      Ipopt from a flat start, result extraction, AC check); median of 30 runs after 2 warm-ups.
    - **warm**: one `OPFSolver` over a sequence of 60 problems, each the case with every bus load
      scaled by a factor drawn uniformly from [0.95, 1.05] (seeded), each solve warm-started
      (primal-dual) from the previous one; median per problem, end to end.
    - *CPU* columns: process CPU time of the same calls (`CLOCK_PROCESS_CPUTIME_ID`), less
      sensitive than wall time to other jobs sharing the machine.

    | feeder | formulation | linear solver | cold (wall) | cold (CPU) | cold iters | warm (wall) | warm (CPU) | warm iters | warm failures |
    |---|---|---|---|---|---|---|---|---|---|
    \(rows.joined(separator: "\n"))

    ## DSO trade checks (dataset generation's workload)

    The shipped modified 33-bus system (`Datasets/systems/ieee33-modified.yaml`), microgrids at
    buses 17, 22, 25, 32 (pf 0.95), 60 seeded scenarios: load scale U(0.8, 1.2), 12 bilateral
    trades U(0, 500) kW (κ = 10), c_ls and λ_corr U(0.005, 0.05) Rs/kW². *cold*: a fresh solver per
    scenario; *warm*: one solver through the scenarios in order. Wall and CPU medians per check.

    | formulation | linear solver | cold (wall) | cold (CPU) | cold iters | warm (wall) | warm (CPU) | warm iters | accepted | failures |
    |---|---|---|---|---|---|---|---|---|---|
    \(tradeRows.joined(separator: "\n"))

    Reading the tables: warm starts pay off on sequences of related problems (3 iterations instead
    of 14–22); on independent random scenarios the previous solution is a poor start, the adaptive
    barrier from it needs more iterations than a cold start and occasionally fails (the solver then
    re-solves cold, counted in the time), so generate independent scenarios with `warmStart: false`.
    """
}

/// Cold and warm timings of the DSO trade check over seeded market scenarios.
private func tradeCheckRows(systemPath: String) throws -> [String] {
    let network = try LoadedSystem(path: systemPath).network
    let microgrids = [17, 22, 25, 32].map { MicrogridConnection(bus: $0, powerFactor: 0.95) }
    var generator = SeededGenerator(seed: 7)
    func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * Double(generator.next() >> 11) / Double(1 << 53)
    }
    var requests: [TradeCheckRequest] = []
    for _ in 0..<60 {
        var trades: [BilateralTrade] = []
        for seller in 0..<4 { for buyer in 0..<4 where buyer != seller {
            trades.append(BilateralTrade(seller: seller, buyer: buyer, powerKW: uniform(0...500)))
        } }
        requests.append(TradeCheckRequest(network: network, microgrids: microgrids, trades: trades,
                                          loadScale: uniform(0.8...1.2), sheddingCostRsPerKW2: uniform(0.005...0.05),
                                          correctionCostRsPerKW2: uniform(0.005...0.05)))
    }
    var rows: [String] = []
    for formulation in OPFFormulation.allCases { for linearSolver in IpoptLinearSolver.allCases {
        let options = ipoptOptions(linearSolver)
        let batch = requests.map { request -> TradeCheckRequest in
            var copy = request
            copy.formulation = formulation
            return copy
        }
        var index = 0, coldCPU: [Double] = [], coldIterations: [Int] = []
        let cold = try measure(iterations: batch.count, warmup: 0) {
            let start = processCPUSeconds()
            let result = try OPFSolver(options: options, warmStart: false, socpSolver: .ipopt).check(batch[index])
            coldCPU.append(processCPUSeconds() - start)
            coldIterations.append(result.opf.iterations)
            index += 1
        }
        let solver = OPFSolver(options: options, socpSolver: .ipopt)
        index = 0
        var warmCPU: [Double] = [], warmIterations: [Int] = [], accepted = 0, failures = 0
        let warm = try measure(iterations: batch.count, warmup: 0) {
            let start = processCPUSeconds()
            let result = try solver.check(batch[index])
            warmCPU.append(processCPUSeconds() - start)
            warmIterations.append(result.opf.iterations)
            if result.accepted { accepted += 1 }
            if !result.opf.status.hasSolution { failures += 1 }
            index += 1
        }
        rows.append("| \(formulation.rawValue) | \(linearSolver.rawValue) | \(formatDuration(cold.median)) | \(formatDuration(TimingSamples(seconds: coldCPU).median)) | \(medianInt(coldIterations)) | \(formatDuration(warm.median)) | \(formatDuration(TimingSamples(seconds: warmCPU).median)) | \(medianInt(warmIterations)) | \(accepted)/\(batch.count) | \(failures) |")
    } }
    return rows
}

/// p2pgrid's Ipopt options with the given KKT solver.
private func ipoptOptions(_ linearSolver: IpoptLinearSolver) -> IpoptOptions {
    var options = IpoptOptions()
    options.linearSolver = linearSolver
    return options
}

/// `count` networks, each the case with all loads scaled by a seeded factor drawn from [0.95, 1.05].
private func loadSequence(_ network: Network, count: Int, seed: UInt64) -> [Network] {
    var generator = SeededGenerator(seed: seed)
    var sequence: [Network] = []
    for _ in 0..<count {
        let factor = 0.95 + 0.1 * Double(generator.next() >> 11) / Double(1 << 53)
        var scaled = network
        for i in scaled.buses.indices {
            scaled.buses[i].pdMW *= factor
            scaled.buses[i].qdMVAr *= factor
        }
        sequence.append(scaled)
    }
    return sequence
}

/// CPU time consumed by this process so far (seconds), all threads.
private func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

