import Foundation
import OPF
import OPFDataset

/// `generate`: dataset generation throughput on the stressed 33-bus spec
/// (the issue's target) and the paper-scale spec, with the time split between
/// market clearing, the DSO OPF and HDF5 output, for each of Ipopt's linear solvers.
let generateSuite = BenchmarkSuite(
    name: "generate",
    summary: "OPF dataset generation, stressed and paper-scale 33-bus specs, one worker process per core"
) {
    let samples = Int(ProcessInfo.processInfo.environment["P2PGRID_BENCH_GENERATE_SAMPLES"] ?? "") ?? 2000
    let workers = ProcessInfo.processInfo.activeProcessorCount
    let executable = try siblingExecutable("p2pgrid")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("p2pgrid-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let loadBefore = loadAverage()
    var rows: [String] = []
    var stressedRate: [IpoptLinearSolver: Double] = [:]
    for name in ["stressed", "paper"] { for linearSolver in IpoptLinearSolver.allCases {
        let spec = "Datasets/specs/ieee33-\(name).yaml"
        var configuration = try DatasetConfiguration(specFile: spec)
        configuration.linearSolver = linearSolver
        let dataset = try DatasetGenerator.generate(configuration, samples: samples, seed: 1, workers: workers,
                                                    workerExecutable: executable)
        let path = directory.appendingPathComponent("\(name).h5").path
        let writing = try measure(iterations: 1, warmup: 0) { try DatasetWriter.write(dataset, to: path, timingsPath: nil) }
        let summary = dataset.summary
        if name == "stressed" { stressedRate[linearSolver] = summary.samplesPerSecond }
        let perSample = { (seconds: Double) in formatDuration(seconds / Double(samples)) }
        rows.append("| `\(spec)` (κ = \(configuration.scaleKappa)) | \(linearSolver.rawValue) | \(String(format: "%.0f", summary.samplesPerSecond)) | "
                    + "\(formatDuration(summary.wallSeconds)) | \(formatDuration(writing.median)) | "
                    + "\(perSample(summary.marketSeconds)) | \(perSample(summary.opfSeconds)) | "
                    + "\(String(format: "%.1f %%", 100 * summary.curtailedShare)) | "
                    + summary.statusCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + " |")
    } }
    let rate = stressedRate[.sparseLDL] ?? 0
    let loadAfter = loadAverage()
    return """
        # generate

        `DatasetGenerator` with \(workers) worker processes (one per core; separate processes because
        Ipopt calls hold a process-wide lock, MUMPS being unable to solve in two threads of one
        process), \(samples) samples per spec and linear solver, seed 1, release build. Generation
        wall time covers sampling, market clearing and the DSO's OPF for every sample; writing the
        HDF5 file is timed separately. Market and OPF columns are the summed per-sample solve times
        divided by the samples (CPU time across both workers).

        Machine: \(machineDescription()); load average before the run: \(loadBefore), after: \(loadAfter)
        (other jobs share the two cores: a load above 2 slows every row, the MUMPS and SparseLDL rows alike).

        | spec | linear solver | samples/s | generation (wall) | HDF5 write | market clearing / sample | DSO OPF / sample | samples with a curtailed trade | OPF status |
        |---|---|---|---|---|---|---|---|---|
        \(rows.joined(separator: "\n"))

        Target (issues 12 and 14): ≥ 300 samples/s on 2 cores for the stressed spec. This run, with SparseLDL
        (the default): \(String(format: "%.0f", rate)) samples/s — \(rate >= 300
        ? "the target is met" : "below the target on this run; compare the load average above and the note below").

        Same-machine comparison (measured by hand on 2026-12-01, not by this suite): the previous
        release (commit 45fc423: DSO version 1 and its own specs) ran this suite on the machine of the
        run above at 210 samples/s (stressed, SparseLDL), 97 (stressed, MUMPS), 377 (paper, SparseLDL)
        and 191 (paper, MUMPS), where it had recorded 354, 140, 635 and 283 on 2026-11-25 on another
        machine of the same kind. That machine was about 1.6× faster; on one machine the DSO version 2
        (linear curtailment price, binding constraints, relaxation-gap check) generates within a few
        per cent of version 1. Issue 14's CPU-independent kernels (Ipopt's BLAS calls on
        FixedOrderBLAS, its exp/log/pow on PortableMath, PortableMath in the sampler) against the
        run of this suite on 2026-12-01 on this machine: 197 samples/s stressed with SparseLDL then
        (load about 1.3), the figure above now; OpenBLAS ran its Prescott kernel here (0.3.21 does
        not know this CPU model), so the fixed-order level-1 routines replace kernels of the same
        kind. The 300 samples/s target was not met on this machine before issue 14 either; the
        dedicated radial solver of issue 20 is the planned way past it.

        Where the time goes (`perf record -g` of `p2pgrid generate --threads 1`, stressed spec, 800
        samples, release build, SparseLDL; measured once by hand, not by this suite): SparseLDL about
        26 % of the cycles (numeric factorisation 21 %, solves 3 %, ordering and analysis 2 %);
        Ipopt 3.11's timing statistics about 16 % (`getrusage` system calls around every timed task,
        which 3.11 cannot switch off); malloc/free about 10 %; the rest is Ipopt's own iteration
        (vector operations, KKT assembly), building the OPF model in Swift (about 5 %) and market
        clearing (about 1 %). The same profile of one `generate-worker --linear-solver mumps` (800
        samples) took 2.8× the CPU cycles per sample: MUMPS's libraries 53 % of them, OpenBLAS and
        the gfortran runtime 11 %, libc (mostly malloc) 12 %.
        """
}
