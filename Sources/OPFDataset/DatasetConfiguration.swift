import Foundation
import Grid
import Market
import OPF

/// Everything one dataset generation run needs, resolved from a dataset spec
/// and one of its splits: the (possibly reconfigured) network, the κ-scaled
/// microgrids at their buses, the scenario distribution and the feature set.
/// All validation happens here, before any solve.
public struct DatasetConfiguration: Sendable {
    /// Name of the in-distribution variant (the spec as written).
    public static let inDistribution = "in_distribution"

    public let specFile: String
    public let spec: DatasetSpec
    /// The split this configuration generates (`inDistribution` or a split's name).
    public let split: String
    public let splitDescription: String
    /// The system spec file the network came from.
    public let systemFile: String
    public let network: Network
    public let microgrids: [Microgrid]
    public let distribution: ScenarioDistribution
    public let formulation: OPFFormulation
    /// The SOCP relaxation's solver (the spec's `solver`, default the radial IPM).
    public let socpSolver: SOCPSolverKind
    /// The KKT solver of the DSO's OPF. Not part of the spec: SparseLDL and MUMPS give the same
    /// samples to ~1e-9, so this is a speed choice, switched by the `generate` benchmark.
    public var linearSolver: IpoptLinearSolver = .sparseLDL
    /// Ipopt's `bound_relax_factor` for the DSO's OPF. Not part of the spec: the `generate` benchmark sets
    /// it to 0 to measure how much of Ipopt's difference from the radial IPM is its relaxed bounds.
    public var ipoptBoundRelaxFactor = IpoptOptions().boundRelaxFactor
    public let featureSet: FeatureSet
    /// Series resistance of the path from the substation to each MG's bus (p.u.).
    public let pathResistancePU: [Double]
    /// The MG scale factor κ in effect.
    public let scaleKappa: Double
    /// Every file this configuration was read from: the dataset spec, the system spec and its feeder.
    public let sourceFiles: [String]
    /// The system spec's branch-rating rule (recorded in every dataset).
    public let branchRatings: BranchRatingRule
    /// The system spec's DSO prices (π_curt, VOLL); nil fields take DESIGN.md §4's defaults.
    public let dsoPrices: DSOPricesSpec?

    /// Every split name a spec file offers, in-distribution first.
    public var splitNames: [String] { [Self.inDistribution] + spec.splits.map(\.name) }

    /// Reads the spec at `specFile` and resolves `split` (nil → in-distribution).
    /// - Throws: `DatasetError` naming the file and field for a bad spec or
    ///   split; the system spec's own `GridError`s.
    public init(specFile: String, split: String? = nil) throws {
        let spec = try Self.decode(specFile)
        let splitName = split ?? Self.inDistribution
        let variant: DatasetSplitSpec?
        if splitName == Self.inDistribution {
            variant = nil
        } else {
            guard let found = spec.splits.first(where: { $0.name == splitName }) else {
                throw DatasetError.unknownSplit(file: specFile, split: splitName,
                                                known: [Self.inDistribution] + spec.splits.map(\.name))
            }
            variant = found
        }
        try Self.validate(spec, file: specFile)

        let directory = (specFile as NSString).deletingLastPathComponent
        func resolve(_ relative: String) -> String {
            relative.hasPrefix("/") ? relative : ((directory.isEmpty ? "." : directory) as NSString).appendingPathComponent(relative)
        }
        let systemFile = resolve(variant?.system ?? spec.system)
        let system = try LoadedSystem(path: systemFile)
        var network = system.network
        let fieldPrefix = variant.map { "splits[\($0.name)]" } ?? ""

        if let reconfiguration = variant?.reconfiguration {
            network = try Self.reconfigure(network, reconfiguration, file: specFile, field: fieldPrefix + ".reconfiguration")
        }
        let kappa = spec.scaleKappa ?? system.spec.microgrids.scaleKappa
        var microgrids = system.spec.microgrids.list.map {
            Microgrid(spec: $0, demandMinimumShare: spec.demandMinimumShare).scaled(by: kappa)
        }
        if let buses = variant?.microgridBuses {
            guard buses.count == microgrids.count else {
                throw DatasetError.invalidSpec(file: specFile, field: fieldPrefix + ".microgridBuses",
                                               message: "\(buses.count) buses given for \(microgrids.count) microgrids")
            }
            for (n, bus) in buses.enumerated() { microgrids[n].bus = bus }
        }
        if let pvScale = variant?.pvScale {
            guard pvScale.isFinite, pvScale >= 0 else {
                throw DatasetError.invalidSpec(file: specFile, field: fieldPrefix + ".pvScale", message: "\(pvScale) must be a finite number ≥ 0")
            }
            for n in microgrids.indices { microgrids[n].photovoltaic.nominalKW *= pvScale }
        }
        let topology = try RadialTopology(network: network, source: systemFile)
        var resistance: [Double] = []
        for mg in microgrids {
            guard let bus = topology.busIndex[mg.bus] else {
                throw DatasetError.invalidSpec(file: specFile, field: fieldPrefix.isEmpty ? "system microgrids" : fieldPrefix + ".microgridBuses",
                                               message: "microgrid \(mg.name) is at bus \(mg.bus), which \(network.name) does not have")
            }
            resistance.append(topology.pathFromRoot(to: bus).reduce(0) { $0 + network.branches[$1].rPU })
        }
        let distribution = variant?.scenario?.applied(to: spec.scenario) ?? spec.scenario
        try Self.validate(distribution, file: specFile, field: fieldPrefix.isEmpty ? "scenario" : fieldPrefix + ".scenario")

        self.specFile = specFile
        self.spec = spec
        self.split = splitName
        self.splitDescription = variant?.description ?? "in-distribution: the spec as written"
        self.systemFile = systemFile
        self.network = network
        self.microgrids = microgrids
        self.distribution = distribution
        self.formulation = OPFFormulation(rawValue: spec.formulation)!
        self.socpSolver = spec.solver.flatMap(SOCPSolverKind.init(rawValue:)) ?? .radialIPM
        self.featureSet = FeatureSet(rawValue: spec.features)!
        self.pathResistancePU = resistance
        self.scaleKappa = kappa
        self.sourceFiles = [specFile, systemFile, system.feederFile]
        self.branchRatings = system.spec.branchRatings
        self.dsoPrices = system.spec.dsoPrices
    }

    /// The DSO of this configuration: its network, MG buses, formulation and SOCP solver, system prices and the
    /// spec's OPF iteration limit.
    public func makeDSO(options: IpoptOptions = IpoptOptions(), warmStart: Bool = true) -> DistributionSystemOperator {
        var options = options
        if let limit = spec.opfIterationLimit { options.maxIterations = limit }
        return DistributionSystemOperator(network: network, microgridBuses: microgrids.map(\.bus), formulation: formulation,
                                   vollRsPerKWh: dsoPrices?.vollRsPerKWh,
                                   curtailmentPriceRsPerKWh: dsoPrices?.curtailmentPriceRsPerKWh,
                                   options: options, warmStart: warmStart, socpSolver: socpSolver)
    }

    /// A seed for this split derived from the dataset seed, so that OOD
    /// samples are not the in-distribution draws replayed with other ranges.
    public func splitSeed(_ seed: UInt64) -> UInt64 {
        guard split != Self.inDistribution else { return seed }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in split.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return seed ^ hash
    }

    private static func reconfigure(_ network: Network, _ spec: ReconfigurationSpec, file: String, field: String) throws -> Network {
        func branchIndex(_ pair: [Int], _ key: String, inService: Bool) throws -> Int {
            guard pair.count == 2 else {
                throw DatasetError.invalidSpec(file: file, field: "\(field).\(key)", message: "expected [fromBus, toBus], got \(pair)")
            }
            guard let index = network.branches.firstIndex(where: {
                Set([$0.fromBus, $0.toBus]) == Set(pair) && $0.inService == inService
            }) else {
                let what = inService ? "an in-service branch" : "an open tie switch"
                throw DatasetError.invalidSpec(file: file, field: "\(field).\(key)", message: "\(network.name) has no \(what) between buses \(pair[0]) and \(pair[1])")
            }
            return index
        }
        let tie = try branchIndex(spec.close, "close", inService: false)
        let opened = try branchIndex(spec.open, "open", inService: true)
        do {
            // The tie switch takes over the load the opened branch carried, so it gets that branch's
            // ratings; an open tie's rating is only the rule's floor, which would make the new
            // topology infeasible rather than shifted.
            var reconfigured = try network.applying(BranchExchange(closedTie: tie, openedSectionalizer: opened))
            reconfigured.branches[tie].rateAMVA = network.branches[opened].rateAMVA
            reconfigured.branches[tie].rateBMVA = network.branches[opened].rateBMVA
            reconfigured.branches[tie].rateCMVA = network.branches[opened].rateCMVA
            return reconfigured
        } catch {
            throw DatasetError.invalidSpec(file: file, field: field, message: "\(error)")
        }
    }
}
