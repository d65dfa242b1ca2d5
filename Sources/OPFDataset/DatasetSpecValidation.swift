import Foundation
import Grid
import Market
import OPF

extension DatasetConfiguration {
    /// Reads and decodes a dataset spec; YAML and type errors name the field.
    static func decode(_ file: String) throws -> DatasetSpec {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw DatasetError.invalidSpec(file: file, field: "(file)", message: "cannot read: \(error.localizedDescription)")
        }
        do {
            return try SpecDecoding.decode(DatasetSpec.self, from: text, file: file)
        } catch let GridError.invalidSpec(file, field, message) {
            throw DatasetError.invalidSpec(file: file, field: field, message: message)
        }
    }

    /// Value checks that need no system: every number finite and in range, names known.
    static func validate(_ spec: DatasetSpec, file: String) throws {
        func require(_ condition: Bool, _ field: String, _ message: @autoclosure () -> String) throws {
            if !condition { throw DatasetError.invalidSpec(file: file, field: field, message: message()) }
        }
        if let kappa = spec.scaleKappa {
            try require(kappa.isFinite && kappa > 0, "scaleKappa", "\(kappa) must be a finite number > 0")
        }
        try require(OPFFormulation(rawValue: spec.formulation) != nil, "formulation",
                    "'\(spec.formulation)' is not one of \(OPFFormulation.allCases.map(\.rawValue).joined(separator: ", "))")
        if let solver = spec.solver {
            try require(SOCPSolverKind(rawValue: solver) != nil, "solver",
                        "'\(solver)' is not one of \(SOCPSolverKind.allCases.map(\.rawValue).joined(separator: ", "))")
            try require(spec.formulation == OPFFormulation.socp.rawValue || solver == SOCPSolverKind.ipopt.rawValue, "solver",
                        "'\(solver)' solves the SOCP relaxation only; formulation '\(spec.formulation)' is solved by ipopt")
        }
        if let limit = spec.opfIterationLimit {
            try require((1...100_000).contains(limit), "opfIterationLimit", "\(limit) must lie in 1...100000")
        }
        try require(FeatureSet(rawValue: spec.features) != nil, "features",
                    "'\(spec.features)' is not one of \(FeatureSet.allCases.map(\.rawValue).joined(separator: ", "))")
        try require(spec.demandMinimumShare.isFinite && (0...1).contains(spec.demandMinimumShare), "demandMinimumShare",
                    "\(spec.demandMinimumShare) must lie in [0, 1]")
        let market: [(String, Double)] = [
            ("tradeFeeRsPerKWh", spec.market.tradeFeeRsPerKWh),
            ("tradeFeeQuadraticRsPerKW2", spec.market.tradeFeeQuadraticRsPerKW2),
            ("batteryWearRsPerKWh", spec.market.batteryWearRsPerKWh),
            ("storedEnergyValueRsPerKWh", spec.market.storedEnergyValueRsPerKWh),
        ]
        for (name, value) in market {
            try require(value.isFinite && value >= 0, "market.\(name)", "\(value) must be a finite number ≥ 0")
        }
        try require(spec.market.tradeFeeQuadraticRsPerKW2 > 0, "market.tradeFeeQuadraticRsPerKW2",
                    "must be > 0: it is what makes the trade matrix unique")
        try require(spec.market.periodHours.isFinite && spec.market.periodHours > 0, "market.periodHours",
                    "\(spec.market.periodHours) must be a finite number > 0")
        try validate(spec.scenario, file: file, field: "scenario")
        var seen: Set<String> = [inDistribution]
        for (i, split) in spec.splits.enumerated() {
            try require(!split.name.isEmpty && !seen.contains(split.name), "splits[\(i)].name",
                        "'\(split.name)' is empty, reserved or used twice")
            seen.insert(split.name)
        }
    }

    /// Range checks of a scenario distribution (base or after a split's overrides).
    static func validate(_ distribution: ScenarioDistribution, file: String, field: String) throws {
        for (name, range, allowed) in distribution.namedRanges {
            guard range.isValid else {
                throw DatasetError.invalidSpec(file: file, field: "\(field).\(name)",
                                               message: "min \(range.lower) must be ≤ max \(range.upper), both finite")
            }
            guard allowed.contains(range.lower), allowed.contains(range.upper) else {
                throw DatasetError.invalidSpec(file: file, field: "\(field).\(name)",
                                               message: "[\(range.lower), \(range.upper)] must lie within [\(allowed.lowerBound), \(allowed.upperBound)]")
            }
        }
        guard distribution.perturbedShare.isFinite, (0...1).contains(distribution.perturbedShare) else {
            throw DatasetError.invalidSpec(file: file, field: "\(field).perturbedShare",
                                           message: "\(distribution.perturbedShare) must lie in [0, 1]")
        }
    }
}
