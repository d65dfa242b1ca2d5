import Foundation
import OPF

/// Clarabel on the same SOCP instances as the radial IPM (`scripts/clarabel_reference.py`, given
/// each instance's `ConicInstance`), run by the `socp` suite right after its own measurement on the
/// same machine: Clarabel's own reported solve time, its status and objective.
struct ClarabelReference: Decodable {
    struct Result: Decodable {
        let name: String, status: String, objective: Double, iterations: Int
        let solveSeconds: Double, setupAndSolveSeconds: Double
    }

    let clarabel: String, python: String
    let results: [Result]
    /// The interpreter that ran the script (not part of the script's output).
    var interpreter = ""

    private enum CodingKeys: String, CodingKey { case clarabel, python, results }

    /// Why there is no reference figure.
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    static let script = "scripts/clarabel_reference.py"

    /// Solves `instances` (name, instance) `repetitions` times each, at Clarabel's default tolerances or at
    /// `tolerance`, on the first candidate interpreter (as the PyTorch reference's) that imports clarabel and scipy.
    static func measure(_ instances: [(name: String, instance: ConicInstance)], repetitions: Int,
                        tolerance: Double? = nil) -> Swift.Result<ClarabelReference, Unavailable> {
        guard FileManager.default.fileExists(atPath: script) else {
            return .failure(Unavailable(description: "\(script) not found (run p2pgrid-bench from the repository root)"))
        }
        guard let python = PyTorchReference.candidates.first(where: {
            (try? runToCompletion($0, ["-c", "import clarabel, scipy"]))?.status == 0
        }) else {
            return .failure(Unavailable(description: "no Python with clarabel and scipy among \(PyTorchReference.candidates.joined(separator: ", ")) "
                                        + "(`scripts/install-bench-deps` installs them; P2PGRID_BENCH_PYTHON picks another)"))
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("p2pgrid-bench-socp-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        struct Named: Encodable { let name: String, instance: ConicInstance }
        do {
            try JSONEncoder().encode(instances.map { Named(name: $0.name, instance: $0.instance) }).write(to: URL(fileURLWithPath: path))
            var arguments = [script, path, "--repetitions", String(repetitions)]
            if let tolerance { arguments += ["--tolerance", String(tolerance)] }
            let result = try runToCompletion(python, arguments)
            guard result.status == 0 else {
                return .failure(Unavailable(description: "\(python) \(script) failed (exit \(result.status)): " + String(result.errors.suffix(500))))
            }
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            var reference = try decoder.decode(ClarabelReference.self, from: Data(result.output.utf8))
            reference.interpreter = python
            return .success(reference)
        } catch {
            return .failure(Unavailable(description: "\(python) \(script): \(error)"))
        }
    }
}
