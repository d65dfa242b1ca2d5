import Foundation

/// Why a reference figure is missing.
struct ReferenceUnavailable: Error, CustomStringConvertible {
    let description: String
}

/// What the same-machine references (`PyTorchReference`, `ClarabelReference`) share: a script of
/// `scripts/`, run on the first interpreter that imports its modules, printing one JSON object.
enum PythonReference {
    /// Interpreters tried, in order: `P2PGRID_BENCH_PYTHON`, `python3` on the PATH, then the system's
    /// (`scripts/install-bench-deps` installs Debian's python3-torch there).
    static var candidates: [String] {
        var list = ["python3", "/usr/bin/python3"]
        if let chosen = ProcessInfo.processInfo.environment["P2PGRID_BENCH_PYTHON"], !chosen.isEmpty { list.insert(chosen, at: 0) }
        return list
    }

    /// The first candidate that imports `modules` (e.g. "torch" or "clarabel, scipy"), once `script` is found.
    static func interpreter(for script: String, importing modules: String) -> Result<String, ReferenceUnavailable> {
        guard FileManager.default.fileExists(atPath: script) else {
            return .failure(ReferenceUnavailable(description: "\(script) not found (run p2pgrid-bench from the repository root)"))
        }
        guard let python = candidates.first(where: { (try? runToCompletion($0, ["-c", "import \(modules)"]))?.status == 0 }) else {
            return .failure(ReferenceUnavailable(description: "no Python with \(modules) among \(candidates.joined(separator: ", ")) "
                                                 + "(`scripts/install-bench-deps` installs it; P2PGRID_BENCH_PYTHON picks another)"))
        }
        return .success(python)
    }

    /// Runs `python script arguments` and decodes its standard output (snake-case keys).
    static func run<T: Decodable>(_ type: T.Type, python: String, script: String, arguments: [String]) -> Result<T, ReferenceUnavailable> {
        do {
            let result = try runToCompletion(python, [script] + arguments)
            guard result.status == 0 else {
                return .failure(ReferenceUnavailable(description: "\(python) \(script) failed (exit \(result.status)): "
                                                     + String(result.errors.suffix(500))))
            }
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return .success(try decoder.decode(T.self, from: Data(result.output.utf8)))
        } catch {
            return .failure(ReferenceUnavailable(description: "\(python) \(script): \(error)"))
        }
    }
}
