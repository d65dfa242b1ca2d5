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

    typealias Unavailable = ReferenceUnavailable

    static let script = "scripts/train_reference.py"

    /// Runs the script with `threads` PyTorch threads on the first candidate (`PythonReference.candidates`)
    /// that imports torch.
    static func measure(samples: Int, batch: Int, threads: Int) -> Result<PyTorchReference, Unavailable> {
        PythonReference.interpreter(for: script, importing: "torch").flatMap { python in
            let arguments = ["--samples", String(samples), "--batch", String(batch), "--threads", String(threads)]
            return PythonReference.run(PyTorchReference.self, python: python, script: script, arguments: arguments).map { reference in
                var reference = reference
                reference.interpreter = python
                return reference
            }
        }
    }
}
