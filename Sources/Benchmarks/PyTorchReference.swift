import Foundation

/// The `train` suite's workload in PyTorch (`scripts/train_reference.py`:
/// the same architecture, batch, data sizes and optimizer, eager mode), run
/// by the suite right after its own measurement on the same machine, so the
/// ratio it reports compares like with like.
struct PyTorchReference: Decodable {
    /// Versions: PyTorch, Python, PyTorch's BLAS as its build reports it, and whether oneDNN is there.
    let torch: String, python: String, blas: String, mkldnn: Bool
    /// Intra-op threads PyTorch ran with, OpenBLAS's threads and libgomp's wait policy (see the
    /// script), and the model's parameter count (67,907 when it matches ours).
    let threads: Int, openblasThreads: String, ompWaitPolicy: String, parameters: Int
    let medianEpochSeconds: Double, iqrEpochSeconds: Double, samplesPerSecond: Double, cpuSecondsPerEpoch: Double
    let singleInferenceSeconds: Double, batchInferenceSeconds: Double
    /// The interpreter that ran the script (not part of the script's output).
    var interpreter = ""

    private enum CodingKeys: String, CodingKey {
        case torch, python, blas, mkldnn, threads, openblasThreads, ompWaitPolicy, parameters, medianEpochSeconds, iqrEpochSeconds, samplesPerSecond
        case cpuSecondsPerEpoch, singleInferenceSeconds, batchInferenceSeconds
    }

    /// Why there is no reference figure.
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    static let script = "scripts/train_reference.py"

    /// Interpreters tried, in order: `P2PGRID_BENCH_PYTHON`, `python3` on the
    /// PATH, then the system's (`scripts/install-bench-deps` installs Debian's
    /// python3-torch there).
    static var candidates: [String] {
        var list = ["python3", "/usr/bin/python3"]
        if let chosen = ProcessInfo.processInfo.environment["P2PGRID_BENCH_PYTHON"], !chosen.isEmpty { list.insert(chosen, at: 0) }
        return list
    }

    /// Runs the script with `threads` PyTorch threads on the first candidate
    /// that imports torch.
    static func measure(samples: Int, batch: Int, threads: Int) -> Result<PyTorchReference, Unavailable> {
        guard FileManager.default.fileExists(atPath: script) else {
            return .failure(Unavailable(description: "\(script) not found (run p2pgrid-bench from the repository root)"))
        }
        guard let python = candidates.first(where: { (try? runToCompletion($0, ["-c", "import torch"]))?.status == 0 }) else {
            return .failure(Unavailable(description: "no Python with torch among \(candidates.joined(separator: ", ")) "
                                        + "(`scripts/install-bench-deps` installs one; P2PGRID_BENCH_PYTHON picks another)"))
        }
        let arguments = [script, "--samples", String(samples), "--batch", String(batch), "--threads", String(threads)]
        do {
            let result = try runToCompletion(python, arguments)
            guard result.status == 0 else {
                return .failure(Unavailable(description: "\(python) \(script) failed (exit \(result.status)): "
                                            + String(result.errors.suffix(500))))
            }
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            var reference = try decoder.decode(PyTorchReference.self, from: Data(result.output.utf8))
            reference.interpreter = python
            return .success(reference)
        } catch {
            return .failure(Unavailable(description: "\(python) \(script): \(error)"))
        }
    }
}
