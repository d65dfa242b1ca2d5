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
/// split, code_version, and the MG names and buses; a shard (`generate --shard I/N`)
/// also has `ShardAttributes`. The order of every write is `DatasetLayout.items`.
/// Solve times are not in this file — they differ run to run and the file must
/// be byte-identical for the same seed — but in an optional sidecar file.
public enum DatasetWriter {
    /// Version of the generator's code and layout, recorded in every file (bump on any change of output).
    public static let codeVersion = "opf-dataset/9"

    /// Writes `dataset` to `path` atomically (temporary file, renamed on close) and, when
    /// `timingsPath` is given, the per-sample solve times there (the command line uses
    /// `<path>.timings.h5`; pipeline stages keep no timings in the cache).
    public static func write(_ dataset: GeneratedDataset, to path: String, timingsPath: String?) throws {
        let file = try HDF5File.create(atPath: path)
        try writeContents(dataset, to: file)
        try file.close()
        guard let timingsPath else { return }
        try SolveTimings(marketSeconds: dataset.records.map(\.marketSeconds), opfSeconds: dataset.records.map(\.opfSeconds),
                         wallSeconds: [dataset.wallSeconds], workers: [Int64(dataset.workers)])
            .write(to: timingsPath)
    }

    private static func writeContents(_ dataset: GeneratedDataset, to file: HDF5File) throws {
        for item in DatasetLayout.items {
            switch item {
            case let .column(path, _, values):
                try DatasetLayout.write(values(dataset.records, dataset.configuration), to: path, in: file)
            case let .attribute(name, path, _, value):
                try DatasetLayout.write(try value(dataset), name: name, on: path, in: file)
            }
        }
        if let shard = dataset.shard {
            try ShardAttributes(shard: shard, totalSamples: dataset.totalSamples).write(to: file)
        }
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
    /// Only when the spec sets it (so files of specs without it keep their bytes).
    var solver: String?
    /// Only when the spec sets it (so files of specs without it keep their bytes).
    var opfIterationLimit: Int?
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
        solver = c.spec.solver
        opfIterationLimit = c.spec.opfIterationLimit
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
