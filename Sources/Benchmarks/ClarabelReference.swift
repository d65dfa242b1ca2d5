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

    typealias Unavailable = ReferenceUnavailable

    static let script = "scripts/clarabel_reference.py"

    /// Solves `instances` (name, instance) `repetitions` times each, at Clarabel's default tolerances or at
    /// `tolerance`, on the first candidate interpreter (`PythonReference.candidates`) that imports clarabel and scipy.
    static func measure(_ instances: [(name: String, instance: ConicInstance)], repetitions: Int,
                        tolerance: Double? = nil) -> Swift.Result<ClarabelReference, Unavailable> {
        PythonReference.interpreter(for: script, importing: "clarabel, scipy").flatMap { python in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("p2pgrid-bench-socp-\(UUID().uuidString).json").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            struct Named: Encodable { let name: String, instance: ConicInstance }
            do {
                try JSONEncoder().encode(instances.map { Named(name: $0.name, instance: $0.instance) }).write(to: URL(fileURLWithPath: path))
            } catch {
                return .failure(Unavailable(description: "cannot write the instances to \(path): \(error)"))
            }
            var arguments = [path, "--repetitions", String(repetitions)]
            if let tolerance { arguments += ["--tolerance", String(tolerance)] }
            return PythonReference.run(ClarabelReference.self, python: python, script: script, arguments: arguments).map { reference in
                var reference = reference
                reference.interpreter = python
                return reference
            }
        }
    }
}
