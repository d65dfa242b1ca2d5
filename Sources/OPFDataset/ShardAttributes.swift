import HDF5Store

/// The root attributes that mark a file as one shard of a dataset
/// (`generate --shard I/N`), written after the dataset's own contents:
///
///     shard_index          int64   I (0-based)
///     shard_count          int64   N
///     shard_total_samples  int64   samples of the whole dataset
///     shard_first_sample   int64   index of this shard's first sample in it
///
/// A merged dataset has none of them, so it is byte-identical to a single run.
struct ShardAttributes: Equatable {
    static let names = ["shard_index", "shard_count", "shard_total_samples", "shard_first_sample"]

    var index: Int
    var count: Int
    var totalSamples: Int
    var firstSample: Int

    init(shard: DatasetShard, totalSamples: Int) {
        index = shard.index
        count = shard.count
        self.totalSamples = totalSamples
        firstSample = shard.samples(ofSamples: totalSamples).lowerBound
    }

    /// Reads the attributes of `file`; nil when it has none (it is not a shard).
    /// - Throws: `DatasetError.invalidShard` when only some are there or they contradict each other.
    init?(reading file: HDF5File) throws {
        let present = Set(try file.attributeNames())
        let found = Self.names.filter(present.contains)
        guard !found.isEmpty else { return nil }
        guard found.count == Self.names.count else {
            throw DatasetError.invalidShard(file: file.path, message: "has \(found.joined(separator: ", ")) but not "
                                                + Self.names.filter { !present.contains($0) }.joined(separator: ", "))
        }
        let values = try Self.names.map { Int(try file.attribute($0, as: Int64.self)) }
        index = values[0]
        count = values[1]
        totalSamples = values[2]
        firstSample = values[3]
        let shard: DatasetShard
        do {
            shard = try DatasetShard(index: index, count: count)
            try shard.validate(samples: totalSamples)
        } catch {
            throw DatasetError.invalidShard(file: file.path, message: "shard_index \(index), shard_count \(count), shard_total_samples \(totalSamples): \(error)")
        }
        guard firstSample == shard.samples(ofSamples: totalSamples).lowerBound else {
            throw DatasetError.invalidShard(file: file.path, message: "shard_first_sample \(firstSample) is not where shard \(shard) of \(totalSamples) samples starts (\(shard.samples(ofSamples: totalSamples).lowerBound))")
        }
    }

    var shard: DatasetShard { try! DatasetShard(index: index, count: count) }

    func write(to file: HDF5File) throws {
        for (name, value) in zip(Self.names, [index, count, totalSamples, firstSample]) {
            try file.setAttribute(name, to: Int64(value))
        }
    }
}
