import Foundation
import Synchronization

/// Progress of a running generation, reported after every finished block.
public struct GenerationProgress: Sendable {
    public var completed: Int
    public var total: Int
    public var elapsedSeconds: Double

    public var samplesPerSecond: Double { elapsedSeconds > 0 ? Double(completed) / elapsedSeconds : 0 }
    public var etaSeconds: Double { samplesPerSecond > 0 ? Double(total - completed) / samplesPerSecond : .infinity }
}

/// A generated dataset in memory, in sample order, ready to be written.
public struct GeneratedDataset: Sendable {
    public let configuration: DatasetConfiguration
    public let seed: UInt64
    let records: [SampleRecord]
    public let wallSeconds: Double
    public let workers: Int
    /// The shard these records are, or nil for a whole dataset.
    public let shard: DatasetShard?
    /// Samples in the whole dataset (`sampleCount` unless this is a shard).
    public let totalSamples: Int

    public var sampleCount: Int { records.count }
    /// Index of the first record in the whole dataset.
    public var firstSample: Int { shard?.samples(ofSamples: totalSamples).lowerBound ?? 0 }
    public var summary: GenerationSummary { GenerationSummary(records: records, wallSeconds: wallSeconds, workers: workers) }
}

/// Generates OPF datasets (DESIGN.md §5).
///
/// Samples are cut into fixed blocks of `blockSize`; each block is generated
/// by a fresh `SampleGenerator`, whose OPF warm-starts from the previous
/// sample of the same block. Blocks never depend on each other, so the
/// dataset is the same however they are shared out.
///
/// Parallel work runs in separate processes: every Ipopt call holds a
/// process-wide lock, because Debian's sequential MUMPS (still selectable as
/// the linear solver) keeps global state and cannot solve in two threads of
/// one process at once. With more than one worker, `WorkerPool` starts that many
/// `p2pgrid generate-worker` processes (the executable is passed in), each
/// generating every `workers`-th block into a scratch directory.
public enum DatasetGenerator {
    public static let blockSize = 16

    /// Blocks of a `samples`-sample dataset.
    public static func blockCount(samples: Int) -> Int { (samples + blockSize - 1) / blockSize }

    /// Generates `samples` samples of `configuration` with `seed`, or only the
    /// samples of `shard` of them (the same records a whole run gives there).
    /// - Parameters:
    ///   - shard: the part to generate (nil: all); throws when it would be empty.
    ///   - workers: parallel worker processes; 1 generates in this process.
    ///   - workerExecutable: the `p2pgrid` executable to start workers from
    ///     (required when `workers > 1`).
    ///   - scratchParent: where the workers' scratch directory goes (default: the system's
    ///     temporary directory); a pipeline stage passes its own, which the runner cleans.
    ///   - isCancelled: polled between blocks; when it turns true the call throws `DatasetError.cancelled`.
    ///   - progress: called (serially) after each finished block.
    public static func generate(_ configuration: DatasetConfiguration, samples: Int, seed: UInt64, shard: DatasetShard? = nil,
                                workers: Int = 1, workerExecutable: String? = nil, scratchParent: String? = nil,
                                isCancelled: (@Sendable () -> Bool)? = nil,
                                progress: (@Sendable (GenerationProgress) -> Void)? = nil) throws -> GeneratedDataset {
        guard samples > 0 else { throw DatasetError.invalidArgument(name: "--samples", message: "\(samples) must be ≥ 1") }
        guard workers > 0 else { throw DatasetError.invalidArgument(name: "--threads", message: "\(workers) must be ≥ 1") }
        try shard?.validate(samples: samples)
        let blocks = shard?.blocks(ofSamples: samples) ?? 0..<blockCount(samples: samples)
        let target = shard?.samples(ofSamples: samples).count ?? samples
        let workerCount = min(workers, blocks.count)
        let start = ContinuousClock.now
        let tracker = ProgressTracker(total: target, start: start, sink: progress)
        let records: [SampleRecord]
        if workerCount == 1 {
            var collected: [SampleRecord] = []
            collected.reserveCapacity(target)
            for block in blocks {
                if isCancelled?() == true { throw DatasetError.cancelled }
                let generated = generateBlock(block, of: configuration, samples: samples, seed: seed)
                collected += generated
                tracker.add(generated.count)
            }
            records = collected
        } else {
            guard let workerExecutable else {
                throw DatasetError.invalidArgument(name: "--threads", message: "\(workers) workers need the p2pgrid executable to start")
            }
            records = try WorkerPool(executable: workerExecutable, configuration: configuration, samples: samples, seed: seed,
                                     blocks: blocks, workers: workerCount)
                .run(scratchParent: scratchParent, isCancelled: isCancelled) { tracker.add($0) }
        }
        let elapsed = ContinuousClock.now - start
        return GeneratedDataset(configuration: configuration, seed: seed, records: records,
                                wallSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
                                workers: workerCount, shard: shard, totalSamples: samples)
    }

    /// The records of block `block` (samples `block·blockSize ..< (block+1)·blockSize`, cut at `samples`).
    static func generateBlock(_ block: Int, of configuration: DatasetConfiguration, samples: Int, seed: UInt64) -> [SampleRecord] {
        let generator = SampleGenerator(configuration: configuration, seed: seed)
        return ((block * blockSize)..<min(samples, (block + 1) * blockSize)).map { generator.sample($0) }
    }
}

/// Counts finished samples and reports progress, serially.
private final class ProgressTracker: Sendable {
    private let total: Int
    private let start: ContinuousClock.Instant
    private let sink: (@Sendable (GenerationProgress) -> Void)?
    private let completed = Mutex(0)

    init(total: Int, start: ContinuousClock.Instant, sink: (@Sendable (GenerationProgress) -> Void)?) {
        self.total = total
        self.start = start
        self.sink = sink
    }

    func add(_ count: Int) {
        completed.withLock { done in
            done += count
            guard let sink else { return }
            let elapsed = ContinuousClock.now - start
            sink(GenerationProgress(completed: done, total: total,
                                    elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
        }
    }
}
