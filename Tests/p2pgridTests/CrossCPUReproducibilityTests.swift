import Foundation
import Testing

/// `Pipelines/ci.yaml` — generate → train → validate → casestudy → report — run under several
/// simulated CPUs: OpenBLAS forced to each of its x86-64 kernel families, and glibc's own
/// dispatch (libm's FMA/AVX2 variants, the x86-64-v3/v4 library subdirectories) masked down with
/// `GLIBC_TUNABLES`. Every cached output and every published report file must be byte-identical
/// to the first run's (the machine-dependent wall times aside).
@Suite(.serialized) struct CrossCPUReproducibilityTests {
    let pipeline = CommandLineRun.packageRoot.appendingPathComponent("Pipelines/ci.yaml").path

    /// One simulated CPU: an OpenBLAS kernel and a glibc feature mask.
    struct SimulatedCPU: CustomStringConvertible {
        let openblasCore: String
        let maskedFeatures: [String]
        var description: String {
            openblasCore + (maskedFeatures.isEmpty ? "" : ", glibc without " + maskedFeatures.joined(separator: "/"))
        }
        var environment: [String: String] {
            var environment = ["OPENBLAS_CORETYPE": openblasCore]
            if !maskedFeatures.isEmpty {
                environment["GLIBC_TUNABLES"] = "glibc.cpu.hwcaps=" + maskedFeatures.map { "-" + $0 }.joined(separator: ",")
            }
            return environment
        }
    }

    static let avx512 = ["AVX512F", "AVX512DQ", "AVX512CD", "AVX512BW", "AVX512VL"]
    static let cpus = [
        SimulatedCPU(openblasCore: "SkylakeX", maskedFeatures: []),
        SimulatedCPU(openblasCore: "Zen", maskedFeatures: []),
        SimulatedCPU(openblasCore: "Haswell", maskedFeatures: avx512),
        SimulatedCPU(openblasCore: "Sandybridge", maskedFeatures: ["AVX2", "FMA"] + avx512),
        SimulatedCPU(openblasCore: "Prescott", maskedFeatures: ["AVX", "AVX2", "FMA"] + avx512),
    ]

    /// glibc's active x86-64-v2/v3/v4 library levels as a bit set, from the dynamic loader's
    /// diagnostics: proof that a mask reached glibc's dispatch (nil when the loader cannot tell).
    static func activeHardwareLevels(environment: [String: String]) throws -> String? {
        let loader = URL(fileURLWithPath: "/lib64/ld-linux-x86-64.so.2")
        guard FileManager.default.isExecutableFile(atPath: loader.path) else { return nil }
        let result = try CommandLineRun.run(executable: loader, ["--list-diagnostics"], environment: environment)
        return result.standardOutput.split(separator: "\n").first { $0.hasPrefix("dl_hwcaps_subdirs_active=") }.map(String.init)
    }

    @Test("generate → train → validate → casestudy → report: the same bytes under five simulated CPUs")
    func sameBytesUnderSimulatedCPUs() throws {
        let directory = try CommandLineRun.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var reference: (cpu: SimulatedCPU, cached: [String: Data], report: [String: Data])?
        var levels: Set<String> = []
        for (index, cpu) in Self.cpus.enumerated() {
            let work = directory.appendingPathComponent("cpu-\(index)")
            let reports = work.appendingPathComponent("reports")
            let run = try CommandLineRun.run(["run", pipeline, "--work-dir", work.path, "--reports", reports.path],
                                             environment: cpu.environment)
            try #require(run.status == 0, "\(cpu): \(run.standardError)")
            // The forced kernel reached OpenBLAS: the manifest records the core it selected.
            let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: work.appendingPathComponent("runs/ci-latest.json")))
            let platform = (manifest as? [String: Any])?["platform"] as? [String: Any]
            let core = try #require(platform?["openblasCore"] as? String, "\(cpu): no OpenBLAS core in the manifest")
            // OpenBLAS falls back to an older kernel when the CPU lacks the forced one's instructions.
            if cpu.openblasCore != "SkylakeX" || (platform?["cpuFlags"] as? [String])?.contains("avx512f") == true {
                #expect(core.lowercased() == cpu.openblasCore.lowercased(), "\(cpu): OpenBLAS ran \(core)")
            }
            if let level = try Self.activeHardwareLevels(environment: cpu.environment) { levels.insert(level) }

            let cached = try PipelineOutputs.cached(in: work)
            let report = try PipelineOutputs.published(report: reports.appendingPathComponent("ci"))
            #expect(cached.keys.contains { $0.hasSuffix("/dataset.h5") } && cached.keys.contains { $0.hasSuffix("/transformer.h5") }
                    && cached.keys.contains { $0.hasSuffix("/metrics.csv") } && cached.keys.contains { $0.hasSuffix("/hours.csv") })
            #expect(report.keys.contains("/report.md"))
            guard let reference else {
                reference = (cpu, cached, report)
                continue
            }
            #expect(cached.keys.sorted() == reference.cached.keys.sorted(), "\(cpu): other cached files than \(reference.cpu)")
            for (file, bytes) in cached.sorted(by: { $0.key < $1.key }) where reference.cached[file] != bytes {
                Issue.record("\(cpu): stages\(file) differs from the run as \(reference.cpu)")
            }
            #expect(report.keys.sorted() == reference.report.keys.sorted(), "\(cpu): other report files than \(reference.cpu)")
            for (file, bytes) in report.sorted(by: { $0.key < $1.key }) where reference.report[file] != bytes {
                Issue.record("\(cpu): report file \(file) differs from the run as \(reference.cpu)")
            }
        }
        // The masks changed glibc's dispatch (three distinct sets of active levels: v4+v3+v2, v3+v2, v2),
        // unless this machine's CPU already lacks the masked extensions.
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        if cpuinfo.contains(" avx512f") && cpuinfo.contains(" avx2") {
            #expect(levels.count >= 3, "GLIBC_TUNABLES did not change glibc's dispatch: \(levels.sorted())")
        }
    }
}
