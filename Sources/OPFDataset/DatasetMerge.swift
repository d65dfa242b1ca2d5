import Foundation
import HDF5Store

/// One shard file as `DatasetMerge` found it.
public struct ShardFile: Sendable {
    public let path: String
    public let shard: DatasetShard
    /// Samples of the whole dataset.
    public let totalSamples: Int
    /// Samples in this file.
    public let samples: Int
    public let seed: UInt64
    public let split: String
}

/// What `DatasetMerge.merge` wrote.
public struct MergeSummary: Sendable {
    public let samples: Int
    public let shards: Int
    /// The timings sidecar written next to the output, or nil when some shard had none.
    public let timingsPath: String?
}

/// Joins the shards of a dataset (`generate --shard I/N`) into the file a
/// single `generate` writes with the same spec, split, seed and sample count,
/// byte for byte (DESIGN.md §10): it walks `DatasetLayout.items` exactly as
/// `DatasetWriter` does, taking each column as the shards' rows in shard order
/// and each attribute from the shards (which must all agree on it).
///
/// Refused, with `DatasetError.invalidShard` / `.incompleteShards` naming the
/// file and what differs: an unreadable or truncated file, a file that is not a
/// shard, shards of another code version, of different specs, seeds, splits or
/// sample counts, and a missing or duplicated shard. Nothing is written then.
public enum DatasetMerge {
    /// Checks one shard file and tells what it is.
    ///
    /// - Throws: `DatasetError.invalidShard` when the file cannot be read, is not a
    ///   shard, was written by another code version, or holds the wrong number of samples.
    public static func inspect(_ path: String) throws -> ShardFile {
        let file = try open(path)
        defer { try? file.close() }
        return try inspect(file)
    }

    /// Whether `path` is a complete file of `samples` samples of `configuration`
    /// with `seed` — shard `shard` of it, or with `shard` nil the merged dataset —
    /// as a resumed Slurm run keeps it. Returns nil when it is, else the reason it
    /// must be made again.
    public static func problem(withFileAt path: String, configuration: DatasetConfiguration, samples: Int, seed: UInt64,
                               shard: DatasetShard?) -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return "missing" }
        do {
            let file = try open(path)
            defer { try? file.close() }
            let rows: Int
            if let shard {
                let found = try inspect(file)
                guard found.shard == shard, found.totalSamples == samples else {
                    return "is shard \(found.shard) of \(found.totalSamples) samples, not \(shard) of \(samples)"
                }
                rows = found.samples
            } else {
                if try ShardAttributes(reading: file) != nil { return "is a shard, not a merged dataset" }
                let version = try file.stringAttribute("code_version")
                guard version == DatasetWriter.codeVersion else { return "was written by code version \(version), not \(DatasetWriter.codeVersion)" }
                rows = try file.datasetInfo("/inputs").shape.first ?? 0
                guard rows == samples else { return "holds \(rows) samples, not \(samples)" }
            }
            let fileSeed = UInt64(bitPattern: try file.attribute("seed", as: Int64.self))
            guard fileSeed == seed else { return "has seed \(fileSeed), not \(seed)" }
            let split = try file.stringAttribute("split")
            guard split == configuration.split else { return "is split \(split), not \(configuration.split)" }
            let expected = try DatasetLayout.jsonString(DatasetConfigRecord(configuration: configuration))
            guard try file.stringAttribute("config") == expected else { return "was generated from another spec configuration" }
            // Every column holds every row: a file cut short inside its data fails here or in HDF5's open.
            for case let .column(columnPath, _, _) in DatasetLayout.items {
                guard try file.datasetInfo(columnPath).shape.first == rows else { return "\(columnPath) does not hold \(rows) rows" }
            }
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Merges the shard files at `paths` (any order) into `output`, and their
    /// `.timings.h5` sidecars into `output.timings.h5` when every shard has one.
    public static func merge(_ paths: [String], to output: String) throws -> MergeSummary {
        guard !paths.isEmpty else { throw DatasetError.invalidArgument(name: "merge", message: "no shard files given") }
        let files = try paths.map(open)
        defer { for file in files { try? file.close() } }
        let shards = try files.map(inspect)

        // The same dataset: every identity attribute of the layout agrees with the first shard's.
        let reference = files[0]
        for (file, shard) in zip(files, shards).dropFirst() {
            guard shard.shard.count == shards[0].shard.count, shard.totalSamples == shards[0].totalSamples else {
                throw DatasetError.invalidShard(file: file.path, message: "is shard \(shard.shard) of \(shard.totalSamples) samples; \(reference.path) is shard \(shards[0].shard) of \(shards[0].totalSamples) samples (shards of different runs)")
            }
            for case let .attribute(name, on, type, _) in DatasetLayout.items {
                let mine = try read(type, name, on, file), theirs = try read(type, name, on, reference)
                guard mine == theirs else {
                    throw DatasetError.invalidShard(file: file.path, message: difference(name, on: on, mine, theirs, reference: reference.path))
                }
            }
        }

        // Every shard exactly once.
        let count = shards[0].shard.count
        var byIndex: [Int: [String]] = [:]
        for shard in shards { byIndex[shard.shard.index, default: []].append(shard.path) }
        if let duplicate = byIndex.sorted(by: { $0.key < $1.key }).first(where: { $0.value.count > 1 }) {
            throw DatasetError.incompleteShards(message: "shard \(duplicate.key)/\(count) given more than once: \(duplicate.value.joined(separator: ", "))")
        }
        let missing = (0..<count).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            throw DatasetError.incompleteShards(message: "\(missing.count) of \(count) shards missing: \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) (given: \(byIndex.keys.sorted().map { "\($0)/\(count)" }.joined(separator: ", ")))")
        }
        let order = shards.indices.sorted { shards[$0].shard.index < shards[$1].shard.index }
        let ordered = order.map { files[$0] }

        let out = try HDF5File.create(atPath: output)
        for item in DatasetLayout.items {
            switch item {
            case let .column(path, type, _):
                var parts: [DatasetLayout.ColumnValues] = []
                for file in ordered {
                    let part: DatasetLayout.ColumnValues
                    do {
                        part = try DatasetLayout.read(type, at: path, in: file)
                    } catch {
                        throw DatasetError.invalidShard(file: file.path, message: "\(path): cannot be read (truncated or corrupt?): \(error)")
                    }
                    let expected = shards[order[parts.count]].samples
                    guard part.shape.first == expected else {
                        throw DatasetError.invalidShard(file: file.path, message: "\(path) has \(part.shape.first ?? 0) rows, the shard \(expected) samples")
                    }
                    parts.append(part)
                }
                guard let joined = DatasetLayout.concatenate(parts) else {
                    throw DatasetError.invalidShard(file: ordered[0].path, message: "\(path): shards disagree on the shape of a sample's row")
                }
                try DatasetLayout.write(joined, to: path, in: out)
            case let .attribute(name, on, type, _):
                try DatasetLayout.write(try read(type, name, on, reference), name: name, on: on, in: out)
            }
        }
        try out.close()

        let timingPaths = order.map { shards[$0].path + ".timings.h5" }
        var timingsPath: String? = nil
        if timingPaths.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
            let parts = try timingPaths.map { path in
                do { return try SolveTimings(readingFile: path) } catch {
                    throw DatasetError.invalidShard(file: path, message: "timings cannot be read: \(error)")
                }
            }
            try SolveTimings(merging: parts).write(to: output + ".timings.h5")
            timingsPath = output + ".timings.h5"
        }
        return MergeSummary(samples: shards[0].totalSamples, shards: count, timingsPath: timingsPath)
    }

    // MARK: - Internals

    private static func open(_ path: String) throws -> HDF5File {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DatasetError.invalidShard(file: path, message: "no such file")
        }
        do {
            return try HDF5File.openReadOnly(atPath: path)
        } catch {
            throw DatasetError.invalidShard(file: path, message: "cannot be opened as HDF5 (truncated or not an HDF5 file): \(error)")
        }
    }

    private static func inspect(_ file: HDF5File) throws -> ShardFile {
        do {
            guard let attributes = try ShardAttributes(reading: file) else {
                throw DatasetError.invalidShard(file: file.path, message: "is not a shard (no shard_index attribute): shards are written by `p2pgrid generate --shard I/N`")
            }
            let version = try file.stringAttribute("code_version")
            guard version == DatasetWriter.codeVersion else {
                throw DatasetError.invalidShard(file: file.path, message: "written by code version \(version); this p2pgrid writes \(DatasetWriter.codeVersion): regenerate the shard")
            }
            let rows = try file.datasetInfo("/inputs").shape.first ?? 0
            let expected = attributes.shard.samples(ofSamples: attributes.totalSamples).count
            guard rows == expected else {
                throw DatasetError.invalidShard(file: file.path, message: "holds \(rows) samples; shard \(attributes.shard) of \(attributes.totalSamples) samples has \(expected)")
            }
            return ShardFile(path: file.path, shard: attributes.shard, totalSamples: attributes.totalSamples, samples: rows,
                             seed: UInt64(bitPattern: try file.attribute("seed", as: Int64.self)),
                             split: try file.stringAttribute("split"))
        } catch let error as DatasetError {
            throw error
        } catch {
            throw DatasetError.invalidShard(file: file.path, message: "\(error)")
        }
    }

    private static func read(_ type: DatasetLayout.AttributeType, _ name: String, _ on: String, _ file: HDF5File) throws -> DatasetLayout.AttributeValue {
        do {
            return try DatasetLayout.read(type, name: name, on: on, in: file)
        } catch {
            throw DatasetError.invalidShard(file: file.path, message: "\(on == "/" ? "" : on)@\(name): \(error)")
        }
    }

    /// A readable account of how an attribute differs between two shards.
    private static func difference(_ name: String, on: String, _ mine: DatasetLayout.AttributeValue,
                                   _ theirs: DatasetLayout.AttributeValue, reference: String) -> String {
        let label = on == "/" ? name : "\(on)@\(name)"
        if name == "config", case let .string(a) = mine, case let .string(b) = theirs,
           let left = try? JSONSerialization.jsonObject(with: Data(a.utf8)) as? [String: Any],
           let right = try? JSONSerialization.jsonObject(with: Data(b.utf8)) as? [String: Any] {
            func canonical(_ value: Any?) -> Data? {
                value.flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys, .fragmentsAllowed]) }
            }
            let keys = Set(left.keys).union(right.keys).sorted().filter { canonical(left[$0]) != canonical(right[$0]) }
            return "generated from another configuration than \(reference) (config differs in: \(keys.joined(separator: ", ")))"
        }
        return "\(label) is \(mine), \(reference)'s is \(theirs) (shards of different runs)"
    }
}
