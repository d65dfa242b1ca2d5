import Foundation
import HDF5Store
import Market
import OPF

/// The contents of a dataset file as one ordered list of writes: per-sample
/// arrays (sample axis first) and attributes.
///
/// HDF5's bytes depend on the order objects and attributes are created in, so
/// the order is part of the format. `DatasetWriter` walks this list taking the
/// values from generated records; `DatasetMerge` walks the same list taking
/// them from shard files — one list, so a merge writes exactly what a single
/// run writes.
enum DatasetLayout {
    /// How a per-sample array is stored.
    enum ColumnType: Sendable {
        case float32, float64, uint8, int32
        /// Variable-length UTF-8 strings, stored unchunked.
        case strings
    }

    /// How an attribute is stored.
    enum AttributeType: Sendable {
        case string, strings, int64, int64s
    }

    /// A column's values (row-major) and full shape.
    enum ColumnValues: Sendable, Equatable {
        case float32([Float], shape: [Int])
        case float64([Double], shape: [Int])
        case uint8([UInt8], shape: [Int])
        case int32([Int32], shape: [Int])
        case strings([String])

        var shape: [Int] {
            switch self {
            case let .float32(_, shape), let .float64(_, shape), let .uint8(_, shape), let .int32(_, shape): return shape
            case let .strings(values): return [values.count]
            }
        }
    }

    /// An attribute's value.
    enum AttributeValue: Sendable, Equatable, CustomStringConvertible {
        case string(String)
        case strings([String])
        case int64(Int64)
        case int64s([Int64])

        var description: String {
            switch self {
            case let .string(value): return value.count > 80 ? "'\(value.prefix(77))…'" : "'\(value)'"
            case let .strings(values): return "\(values)"
            case let .int64(value): return "\(value)"
            case let .int64s(values): return "\(values)"
            }
        }
    }

    /// Where the writer takes a column's values from.
    typealias ColumnSource = @Sendable (_ records: [SampleRecord], _ configuration: DatasetConfiguration) -> ColumnValues
    /// Where the writer takes an attribute's value from.
    typealias AttributeSource = @Sendable (_ dataset: GeneratedDataset) throws -> AttributeValue

    /// One write.
    enum Item: Sendable {
        case column(path: String, type: ColumnType, values: ColumnSource)
        case attribute(name: String, on: String, type: AttributeType, value: AttributeSource)
    }

    /// First-dimension chunk length of every chunked column (whole rows, at most 4096 samples).
    static func chunks(_ shape: [Int]) -> [Int] { [min(shape[0], 4096)] + shape.dropFirst() }

    /// Writes one column.
    static func write(_ values: ColumnValues, to path: String, in file: HDF5File) throws {
        let filters = HDF5Filters.default
        switch values {
        case let .float32(v, shape): try file.write(v, shape: shape, to: path, chunks: chunks(shape), filters: filters)
        case let .float64(v, shape): try file.write(v, shape: shape, to: path, chunks: chunks(shape), filters: filters)
        case let .uint8(v, shape): try file.write(v, shape: shape, to: path, chunks: chunks(shape), filters: filters)
        case let .int32(v, shape): try file.write(v, shape: shape, to: path, chunks: chunks(shape), filters: filters)
        case let .strings(v): try file.write(v, to: path)
        }
    }

    /// Writes one attribute.
    static func write(_ value: AttributeValue, name: String, on path: String, in file: HDF5File) throws {
        switch value {
        case let .string(v): try file.setAttribute(name, to: v, on: path)
        case let .strings(v): try file.setAttribute(name, to: v, on: path)
        case let .int64(v): try file.setAttribute(name, to: v, on: path)
        case let .int64s(v): try file.setAttribute(name, to: v, on: path)
        }
    }

    /// Reads one column whole.
    static func read(_ type: ColumnType, at path: String, in file: HDF5File) throws -> ColumnValues {
        switch type {
        case .float32: let a = try file.read(path, as: Float.self); return .float32(a.values, shape: a.shape)
        case .float64: let a = try file.read(path, as: Double.self); return .float64(a.values, shape: a.shape)
        case .uint8: let a = try file.read(path, as: UInt8.self); return .uint8(a.values, shape: a.shape)
        case .int32: let a = try file.read(path, as: Int32.self); return .int32(a.values, shape: a.shape)
        case .strings: return .strings(try file.readStrings(path).values)
        }
    }

    /// Reads one attribute.
    static func read(_ type: AttributeType, name: String, on path: String, in file: HDF5File) throws -> AttributeValue {
        switch type {
        case .string: return .string(try file.stringAttribute(name, of: path))
        case .strings: return .strings(try file.stringArrayAttribute(name, of: path))
        case .int64: return .int64(try file.attribute(name, of: path, as: Int64.self))
        case .int64s: return .int64s(try file.attributeArray(name, of: path, as: Int64.self))
        }
    }

    /// Concatenates columns along the sample axis (all of one type, equal trailing shapes).
    static func concatenate(_ parts: [ColumnValues]) -> ColumnValues? {
        guard let first = parts.first else { return nil }
        let rows = parts.reduce(0) { $0 + ($1.shape.first ?? 0) }
        let shape = [rows] + first.shape.dropFirst()
        guard parts.allSatisfy({ Array($0.shape.dropFirst()) == Array(first.shape.dropFirst()) }) else { return nil }
        switch first {
        case .float32:
            return .float32(parts.flatMap { if case let .float32(v, _) = $0 { return v } else { return [] } }, shape: shape)
        case .float64:
            return .float64(parts.flatMap { if case let .float64(v, _) = $0 { return v } else { return [] } }, shape: shape)
        case .uint8:
            return .uint8(parts.flatMap { if case let .uint8(v, _) = $0 { return v } else { return [] } }, shape: shape)
        case .int32:
            return .int32(parts.flatMap { if case let .int32(v, _) = $0 { return v } else { return [] } }, shape: shape)
        case .strings:
            return .strings(parts.flatMap { if case let .strings(v) = $0 { return v } else { return [] } })
        }
    }

    // MARK: - The layout (DESIGN.md §5)

    /// Every write of a dataset file, in order.
    static let items: [Item] = {
        typealias Records = [SampleRecord]
        func float32(_ path: String, _ row: @escaping @Sendable (SampleRecord) -> [Double],
                     _ rowShape: @escaping @Sendable (DatasetConfiguration) -> [Int]) -> Item {
            .column(path: path, type: .float32) { records, c in
                .float32(records.flatMap { row($0).map(Float.init) }, shape: [records.count] + rowShape(c))
            }
        }
        func float64(_ path: String, _ row: @escaping @Sendable (SampleRecord) -> [Double],
                     _ rowShape: @escaping @Sendable (DatasetConfiguration) -> [Int]) -> Item {
            .column(path: path, type: .float64) { records, c in .float64(records.flatMap(row), shape: [records.count] + rowShape(c)) }
        }
        func scalar64(_ path: String, _ value: @escaping @Sendable (SampleRecord) -> Double) -> Item {
            .column(path: path, type: .float64) { records, _ in .float64(records.map(value), shape: [records.count]) }
        }
        func flag(_ path: String, _ value: @escaping @Sendable (SampleRecord) -> Bool) -> Item {
            .column(path: path, type: .uint8) { records, _ in .uint8(records.map { value($0) ? 1 : 0 }, shape: [records.count]) }
        }
        func int32(_ path: String, _ value: @escaping @Sendable (SampleRecord) -> Int32) -> Item {
            .column(path: path, type: .int32) { records, _ in .int32(records.map(value), shape: [records.count]) }
        }
        func root(_ name: String, _ type: AttributeType, _ value: @escaping AttributeSource) -> Item {
            .attribute(name: name, on: "/", type: type, value: value)
        }
        func units(_ path: String, _ units: String) -> Item {
            .attribute(name: "units", on: path, type: .string) { _ in .string(units) }
        }
        let m: @Sendable (DatasetConfiguration) -> [Int] = { [$0.microgrids.count] }
        let pairs: @Sendable (DatasetConfiguration) -> [Int] = { [$0.microgrids.count * ($0.microgrids.count - 1)] }

        return [
            float32("/inputs", { $0.features.flatMap { $0 } }) {
                [$0.microgrids.count, $0.featureSet.names(microgridCount: $0.microgrids.count).count]
            },
            root("feature_names", .strings) { .strings($0.configuration.featureSet.names(microgridCount: $0.configuration.microgrids.count)) },
            root("feature_units", .strings) { .strings($0.configuration.featureSet.units(microgridCount: $0.configuration.microgrids.count)) },
            float32("/targets", { $0.targets.flatMap { $0 } }) { [$0.microgrids.count, DatasetTargets.names.count] },
            root("target_names", .strings) { _ in .strings(DatasetTargets.names) },
            root("target_units", .strings) { _ in .strings(DatasetTargets.units) },

            scalar64("/params/load_scale") { $0.scenario.loadScale },
            float64("/params/power_factor", { $0.scenario.powerFactors }, m),
            scalar64("/params/solar_uncertainty_percent") { $0.scenario.solarUncertaintyPercent },
            float32("/params/solar_error", { $0.scenario.solarErrors }, m),
            scalar64("/params/c_ls") { $0.scenario.loadSheddingPriceRsPerKW2 },
            scalar64("/params/lambda_corr") { $0.scenario.correctionPriceRsPerKW2 },
            scalar64("/params/pv_irradiance_factor") { $0.scenario.pvIrradianceFactor },
            float32("/params/battery_soc_fraction", { $0.scenario.batterySOCFractions }, m),
            float32("/params/microgrid_load_scale", { $0.scenario.microgridLoadScales }, m),
            flag("/params/perturbed") { $0.scenario.perturbation != nil },

            float64("/proposal/trades", { $0.proposalKW.flatMap { $0 } }) { [$0.microgrids.count, $0.microgrids.count] },
            units("/proposal/trades", "kW"),

            int32("/market/status") { $0.marketStatus },
            float32("/market/prices", { $0.marketPricesRsPerKWh }, m),
            units("/market/prices", "Rs/kWh"),
            scalar64("/market/welfare") { $0.marketWelfareRs },
            units("/market/welfare", "Rs"),

            int32("/opf/status") { $0.opfStatus },
            .attribute(name: "status_names", on: "/opf/status", type: .strings) { _ in .strings(SampleStatusCode.names) },
            flag("/opf/accepted") { $0.accepted },
            float32("/opf/alpha", { $0.alpha }, pairs),
            .attribute(name: "pairs", on: "/opf/alpha", type: .strings) {
                .strings(TradeProposal.tradePairLabels(microgridCount: $0.configuration.microgrids.count))
            },
            float32("/opf/curtailed_kw", { $0.curtailedKW }, pairs),
            units("/opf/curtailed_kw", "kW"),
            float32("/opf/network_charge", { $0.networkChargeRsPerH }, pairs),
            units("/opf/network_charge", "Rs/h"),
            .column(path: "/opf/binding", type: .uint8) { records, _ in
                .uint8(records.flatMap(\.bindingCounts), shape: [records.count, BindingConstraint.Family.allCases.count])
            },
            .attribute(name: "families", on: "/opf/binding", type: .strings) { _ in .strings(BindingConstraint.Family.allCases.map(\.rawValue)) },
            .column(path: "/opf/binding_constraints", type: .strings) { records, _ in .strings(records.map(\.bindingConstraints)) },
            flag("/opf/exact_resolve") { $0.exactResolve },
            float64("/opf/p_acc_kw", { $0.acceptedInjectionKW }, m),
            float32("/opf/dlmp", { $0.dlmpRsPerKWh }, m),
            units("/opf/dlmp", "Rs/kWh"),
            scalar64("/opf/objective") { $0.objectiveRs },
            units("/opf/objective", "Rs/h"),
            int32("/opf/iterations") { $0.iterations },
            scalar64("/opf/relaxation_gap") { $0.relaxationGap },
            scalar64("/opf/ac_check_dv_pu") { $0.acCheckMaxDeviationPU },
            scalar64("/opf/losses_kw") { $0.lossesKW },
            scalar64("/opf/shed_kw") { $0.shedKW },
            float32("/opf/voltages", { $0.voltagesPU }) { [$0.network.buses.count] },
            .attribute(name: "bus_ids", on: "/opf/voltages", type: .int64s) { .int64s($0.configuration.network.buses.map { Int64($0.id) }) },
            float32("/opf/branch_loading", { $0.branchLoading }) { [$0.network.branches.count] },

            root("config", .string) { .string(try jsonString(DatasetConfigRecord(configuration: $0.configuration))) },
            root("seed", .int64) { .int64(Int64(bitPattern: $0.seed)) },
            root("split", .string) { .string($0.configuration.split) },
            root("split_description", .string) { .string($0.configuration.splitDescription) },
            root("code_version", .string) { _ in .string(DatasetWriter.codeVersion) },
            root("microgrid_names", .strings) { .strings($0.configuration.microgrids.map(\.name)) },
            root("microgrid_buses", .int64s) { .int64s($0.configuration.microgrids.map { Int64($0.bus) }) },
            root("system", .string) { .string($0.configuration.network.name) },
        ]
    }()

    /// `value` as JSON with sorted keys, as `HDF5File.setJSONAttribute` stores it.
    static func jsonString<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
