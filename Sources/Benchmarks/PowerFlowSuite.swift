import Foundation
import Grid

/// `powerflow`: median time of one backward/forward-sweep power flow at
/// nominal load with the solver object reused, as dataset generation does.
let powerFlowSuite = BenchmarkSuite(
    name: "powerflow",
    summary: "radial AC power flow (backward/forward sweep), solver reused, on case33bw / case69 / case141"
) {
    let referenceDirectory = "../shared/reference-cases/matpower"
    let cases = ["case33bw", "case69", "case141"]
    let iterations = 2000
    var rows: [String] = []
    for name in cases {
        let path = "\(referenceDirectory)/\(name).m"
        guard FileManager.default.fileExists(atPath: path) else {
            rows.append("| \(name) | — | — | — | — | — | skipped: \(path) not found |")
            continue
        }
        var solver = try RadialPowerFlow(network: MatpowerCase.load(path: path))
        var lastSolution: PowerFlowSolution?
        let samples = try measure(iterations: iterations, warmup: 50) { lastSolution = try solver.solve() }
        let solution = lastSolution!
        rows.append("| \(name) | \(solver.topology.busCount) | \(solution.iterations) | \(formatDuration(samples.median)) | "
                    + "\(formatDuration(samples.minimum)) | \(formatDuration(samples.iqr)) | "
                    + String(format: "losses %.2f kW, Vmin %.4f p.u.", solution.lossesKW, solution.minimumVoltage.voltagePU) + " |")
    }
    return """
        # powerflow

        Backward/forward sweep (`Grid.RadialPowerFlow`), constant-PQ loads at nominal load,
        tolerance 1e-10 p.u. on the voltage phasor change, flat start each solve; one
        `RadialPowerFlow` per case reused across solves (ordering precomputed), so a sample is
        one `solve()` including its result arrays. \(iterations) samples after 50 warm-up solves.

        Machine: \(machineDescription()); load average before the run: \(loadAverage()).

        | case | buses | sweeps | median | min | IQR | result |
        |---|---|---|---|---|---|---|
        \(rows.joined(separator: "\n"))

        Target (issue 3): ≤ 50 µs on the 33-bus, against 41.5 ms quoted for pandapower's `runpp`
        on this machine type (not measured here).
        """
}
