import Foundation
import HDF5Store
import Market
import OPF

/// Writes a generated dataset in the HDF5 layout of DESIGN.md §5:
///
///     /inputs            [N, M, F] f32   features per MG token (root attrs: feature_names, feature_units)
///     /targets           [N, M, 2] f32   P_acc per MG (kW), curtailed per MG (0/1) (root attrs: target_names, target_units)
///     /params/*          [N] or [N, M]   the scenario draws (f64, so a sample can be re-solved exactly)
///     /proposal/trades   [N, M, M] f64   proposed t[n][m] (kW)
///     /market/*          status, prices (Rs/kWh), welfare (Rs)
///     /opf/*             status, accepted, alpha [N, K], curtailed_kw [N, K], network_charge [N, K],
///                        binding [N, 4] (counts per family), binding_constraints [N] (names),
///                        exact_resolve, p_acc_kw (f64), dlmp, objective, iterations, relaxation_gap,
///                        ac_check_dv_pu, losses_kw, shed_kw, voltages [N, buses], branch_loading [N, branches]
///
/// Root attributes: feature and target names and units, config (the spec, JSON), seed,
/// split, code_version, and the MG names and buses.
/// Solve times are not in this file — they differ run to run and the file must
/// be byte-identical for the same seed — but in an optional sidecar file.
public enum DatasetWriter {
    /// Version of the generator's code and layout, recorded in every file (bump on any change of output).
    public static let codeVersion = "opf-dataset/6"

    /// Writes `dataset` to `path` atomically (temporary file, renamed on close) and, when
    /// `timingsPath` is given, the per-sample solve times there (the command line uses
    /// `<path>.timings.h5`; pipeline stages keep no timings in the cache).
    public static func write(_ dataset: GeneratedDataset, to path: String, timingsPath: String?) throws {
        let file = try HDF5File.create(atPath: path)
        try writeContents(dataset, to: file)
        try file.close()
        guard let timingsPath else { return }
        let timings = try HDF5File.create(atPath: timingsPath)
        try timings.write(dataset.records.map(\.marketSeconds), shape: [dataset.sampleCount], to: "/market_seconds")
        try timings.write(dataset.records.map(\.opfSeconds), shape: [dataset.sampleCount], to: "/opf_seconds")
        try timings.setAttribute("wall_seconds", to: dataset.wallSeconds)
        try timings.setAttribute("workers", to: Int64(dataset.workers))
        try timings.close()
    }

    private static func writeContents(_ dataset: GeneratedDataset, to file: HDF5File) throws {
        let c = dataset.configuration
        let records = dataset.records
        let n = records.count, m = c.microgrids.count, k = m * (m - 1)
        let featureNames = c.featureSet.names(microgridCount: m)
        let f = featureNames.count
        let filters = HDF5Filters.default

        func floats(_ rows: (SampleRecord) -> [Double]) -> [Float] { records.flatMap { rows($0).map(Float.init) } }
        func doubles(_ value: (SampleRecord) -> Double) -> [Double] { records.map(value) }
        func doubleRows(_ rows: (SampleRecord) -> [Double]) -> [Double] { records.flatMap(rows) }
        func chunked(_ shape: [Int]) -> [Int] { [min(shape[0], 4096)] + shape.dropFirst() }
        func put(_ values: [Float], _ shape: [Int], _ path: String) throws {
            try file.write(values, shape: shape, to: path, chunks: chunked(shape), filters: filters)
        }
        func put(_ values: [Double], _ shape: [Int], _ path: String) throws {
            try file.write(values, shape: shape, to: path, chunks: chunked(shape), filters: filters)
        }

        try put(records.flatMap { $0.features.flatMap { $0.map(Float.init) } }, [n, m, f], "/inputs")
        try file.setAttribute("feature_names", to: featureNames)
        try file.setAttribute("feature_units", to: c.featureSet.units(microgridCount: m))
        try put(records.flatMap { $0.targets.flatMap { $0.map(Float.init) } }, [n, m, DatasetTargets.names.count], "/targets")
        try file.setAttribute("target_names", to: DatasetTargets.names)
        try file.setAttribute("target_units", to: DatasetTargets.units)

        try put(doubles { $0.scenario.loadScale }, [n], "/params/load_scale")
        try put(doubleRows { $0.scenario.powerFactors }, [n, m], "/params/power_factor")
        try put(doubles { $0.scenario.solarUncertaintyPercent }, [n], "/params/solar_uncertainty_percent")
        try put(floats { $0.scenario.solarErrors }, [n, m], "/params/solar_error")
        try put(doubles { $0.scenario.loadSheddingPriceRsPerKW2 }, [n], "/params/c_ls")
        try put(doubles { $0.scenario.correctionPriceRsPerKW2 }, [n], "/params/lambda_corr")
        try put(doubles { $0.scenario.pvIrradianceFactor }, [n], "/params/pv_irradiance_factor")
        try put(floats { $0.scenario.batterySOCFractions }, [n, m], "/params/battery_soc_fraction")
        try put(floats { $0.scenario.microgridLoadScales }, [n, m], "/params/microgrid_load_scale")
        try file.write(records.map { $0.scenario.perturbation == nil ? UInt8(0) : 1 }, shape: [n], to: "/params/perturbed",
                       chunks: chunked([n]), filters: filters)

        try put(doubleRows { $0.proposalKW.flatMap { $0 } }, [n, m, m], "/proposal/trades")
        try file.setAttribute("units", to: "kW", on: "/proposal/trades")

        try file.write(records.map(\.marketStatus), shape: [n], to: "/market/status", chunks: chunked([n]), filters: filters)
        try put(floats(\.marketPricesRsPerKWh), [n, m], "/market/prices")
        try file.setAttribute("units", to: "Rs/kWh", on: "/market/prices")
        try put(doubles(\.marketWelfareRs), [n], "/market/welfare")
        try file.setAttribute("units", to: "Rs", on: "/market/welfare")

        try file.write(records.map(\.opfStatus), shape: [n], to: "/opf/status", chunks: chunked([n]), filters: filters)
        try file.setAttribute("status_names", to: SampleStatusCode.names, on: "/opf/status")
        try file.write(records.map { $0.accepted ? UInt8(1) : 0 }, shape: [n], to: "/opf/accepted", chunks: chunked([n]), filters: filters)
        try put(floats(\.alpha), [n, k], "/opf/alpha")
        try file.setAttribute("pairs", to: TradeProposal.tradePairs(microgridCount: m).map { "MG\($0.seller + 1)->MG\($0.buyer + 1)" },
                              on: "/opf/alpha")
        try put(floats(\.curtailedKW), [n, k], "/opf/curtailed_kw")
        try file.setAttribute("units", to: "kW", on: "/opf/curtailed_kw")
        try put(floats(\.networkChargeRsPerH), [n, k], "/opf/network_charge")
        try file.setAttribute("units", to: "Rs/h", on: "/opf/network_charge")
        let families = BindingConstraint.Family.allCases
        try file.write(records.flatMap(\.bindingCounts), shape: [n, families.count], to: "/opf/binding",
                       chunks: chunked([n, families.count]), filters: filters)
        try file.setAttribute("families", to: families.map(\.rawValue), on: "/opf/binding")
        try file.write(records.map(\.bindingConstraints), to: "/opf/binding_constraints")
        try file.write(records.map { $0.exactResolve ? UInt8(1) : 0 }, shape: [n], to: "/opf/exact_resolve",
                       chunks: chunked([n]), filters: filters)
        try put(doubleRows(\.acceptedInjectionKW), [n, m], "/opf/p_acc_kw")
        try put(floats(\.dlmpRsPerKWh), [n, m], "/opf/dlmp")
        try file.setAttribute("units", to: "Rs/kWh", on: "/opf/dlmp")
        try put(doubles(\.objectiveRs), [n], "/opf/objective")
        try file.setAttribute("units", to: "Rs/h", on: "/opf/objective")
        try file.write(records.map(\.iterations), shape: [n], to: "/opf/iterations", chunks: chunked([n]), filters: filters)
        try put(doubles(\.relaxationGap), [n], "/opf/relaxation_gap")
        try put(doubles(\.acCheckMaxDeviationPU), [n], "/opf/ac_check_dv_pu")
        try put(doubles(\.lossesKW), [n], "/opf/losses_kw")
        try put(doubles(\.shedKW), [n], "/opf/shed_kw")
        try put(floats(\.voltagesPU), [n, c.network.buses.count], "/opf/voltages")
        try file.setAttribute("bus_ids", to: c.network.buses.map { Int64($0.id) }, on: "/opf/voltages")
        try put(floats(\.branchLoading), [n, c.network.branches.count], "/opf/branch_loading")

        try file.setJSONAttribute("config", to: DatasetConfigRecord(configuration: c))
        try file.setAttribute("seed", to: Int64(bitPattern: dataset.seed))
        try file.setAttribute("split", to: c.split)
        try file.setAttribute("split_description", to: c.splitDescription)
        try file.setAttribute("code_version", to: codeVersion)
        try file.setAttribute("microgrid_names", to: c.microgrids.map(\.name))
        try file.setAttribute("microgrid_buses", to: c.microgrids.map { Int64($0.bus) })
        try file.setAttribute("system", to: c.network.name)
    }
}

/// The configuration recorded in a dataset's `config` attribute. Files are
/// named without their directory, so the bytes do not depend on where the
/// repository is checked out.
struct DatasetConfigRecord: Encodable {
    var spec: String
    var specName: String
    var system: String
    var systemName: String
    var split: String
    var scaleKappa: Double
    var formulation: String
    var features: String
    var market: MarketParameters
    var demandMinimumShare: Double
    var scenario: ScenarioDistribution
    var microgridBuses: [Int]
    var pvNominalKW: [Double]
    var branchRatings: [String: Double]
    var dsoPrices: [String: Double]

    init(configuration c: DatasetConfiguration) {
        spec = (c.specFile as NSString).lastPathComponent
        specName = c.spec.name
        system = (c.systemFile as NSString).lastPathComponent
        systemName = c.network.name
        split = c.split
        scaleKappa = c.scaleKappa
        formulation = c.spec.formulation
        features = c.spec.features
        market = c.spec.market
        demandMinimumShare = c.spec.demandMinimumShare
        scenario = c.distribution
        microgridBuses = c.microgrids.map(\.bus)
        pvNominalKW = c.microgrids.map(\.photovoltaic.nominalKW)
        branchRatings = ["multipleOfBaseFlow": c.branchRatings.multipleOfBaseFlow, "floorMVA": c.branchRatings.floorMVA,
                         "baseLoadScale": c.branchRatings.baseLoadScale]
        dsoPrices = [:]
        if let curtailment = c.dsoPrices?.curtailmentPriceRsPerKWh { dsoPrices["curtailmentPriceRsPerKWh"] = curtailment }
        if let voll = c.dsoPrices?.vollRsPerKWh { dsoPrices["vollRsPerKWh"] = voll }
    }
}
