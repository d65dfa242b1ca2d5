/// Shard `index` of `count` of a dataset (DESIGN.md §10).
///
/// A dataset of N samples is generated in blocks of `DatasetGenerator.blockSize`
/// samples (B = ⌈N / 16⌉ blocks; within a block the OPF warm-starts from the
/// previous sample, so a block is the unit that can be moved between machines
/// without changing a bit). Shard i of n takes the **contiguous** run of blocks
/// `⌊i·B/n⌋ ..< ⌊(i+1)·B/n⌋`, so shards differ in size by at most one block and
/// the merged file is the shards' rows concatenated in index order.
public struct DatasetShard: Sendable, Hashable, CustomStringConvertible {
    /// 0-based shard index.
    public let index: Int
    /// Number of shards.
    public let count: Int

    /// - Throws: `DatasetError.invalidArgument` unless `0 ≤ index < count`.
    public init(index: Int, count: Int) throws {
        guard count >= 1 else { throw DatasetError.invalidArgument(name: "--shard", message: "shard count \(count) must be ≥ 1") }
        guard (0..<count).contains(index) else {
            throw DatasetError.invalidArgument(name: "--shard", message: "index \(index) must be in 0..<\(count) (shards are 0-based)")
        }
        self.index = index
        self.count = count
    }

    /// Parses `I/N` (0-based I).
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw DatasetError.invalidArgument(name: "--shard", message: "'\(text)' is not I/N (e.g. 0/4 for the first of four shards)")
        }
        try self.init(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }

    /// The blocks of this shard in a dataset of `samples` samples.
    public func blocks(ofSamples samples: Int) -> Range<Int> {
        let blockCount = DatasetGenerator.blockCount(samples: samples)
        return (index * blockCount / count)..<((index + 1) * blockCount / count)
    }

    /// The sample indices of this shard in a dataset of `samples` samples.
    public func samples(ofSamples samples: Int) -> Range<Int> {
        let blocks = blocks(ofSamples: samples)
        return min(samples, blocks.lowerBound * DatasetGenerator.blockSize)..<min(samples, blocks.upperBound * DatasetGenerator.blockSize)
    }

    /// Checks that every shard of a `samples`-sample dataset gets at least one block.
    public func validate(samples: Int) throws {
        let blockCount = DatasetGenerator.blockCount(samples: samples)
        guard count <= blockCount else {
            throw DatasetError.invalidArgument(
                name: "--shard",
                message: "\(count) shards for \(samples) samples: shards are whole blocks of \(DatasetGenerator.blockSize) samples, so at most \(blockCount) shards")
        }
    }
}
