import Foundation
import Grid
import SeededRandom

/// The shared MATPOWER feeders (`../shared/reference-cases/matpower` next to the
/// package root) and the test networks built from them.
enum ReferenceFeeders {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/reference-cases/matpower").standardizedFileURL

    /// The project's default system, `Datasets/systems/ieee33-modified.yaml` (shipped in the repository).
    static func modifiedIEEE33() throws -> Network {
        try LoadedSystem(path: packageRoot.appendingPathComponent("Datasets/systems/ieee33-modified.yaml").path).network
    }

    /// The case, or nil — after printing why — when the reference folder is absent.
    static func load(_ name: String) throws -> Network? {
        guard FileManager.default.fileExists(atPath: directory.path) else {
            print("skipping: reference cases not found at \(directory.path)")
            return nil
        }
        return try MatpowerCase.load(path: directory.appendingPathComponent(name).path)
    }

    /// case33bw with DESIGN.md §2's dispatchable generator at bus 18: 0–1.5 MW,
    /// −0.5…1.0 MVAr, linear cost 15 $/MWh (cheaper than the 20 $/MWh import).
    static func ieee33WithBus18Generator(costPerMWh: [Double] = [0, 15, 0]) throws -> Network? {
        guard var network = try load("case33bw.m") else { return nil }
        network.generators.append(Generator(bus: 18, qmaxMVAr: 1.0, qminMVAr: -0.5, pmaxMW: 1.5, pminMW: 0,
                                            cost: GeneratorCost(model: .polynomial(coefficients: costPerMWh))))
        return network
    }
}

