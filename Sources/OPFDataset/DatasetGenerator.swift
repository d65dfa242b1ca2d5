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
    public let threads: Int

    public var sampleCount: Int { records.count }
    public var summary: GenerationSummary { GenerationSummary(records: records, wallSeconds: wallSeconds, threads: threads) }
}

/// Generates OPF datasets in parallel (DESIGN.md §5).
///
/// Samples are cut into fixed blocks of `blockSize`; each block is generated
/// on one thread by a fresh `SampleGenerator`, whose OPF warm-starts from the
/// previous sample of the same block. Which thread runs a block never changes
/// what it computes, so the dataset is the same for any thread count.
public enum DatasetGenerator {
    public static let blockSize = 16

    /// Generates `samples` samples of `configuration` with `seed` on `threads` threads.
    /// `progress` is called (serially, from worker threads) after each block; when
    /// `isCancelled` turns true, workers stop after their current block and the call
    /// throws `DatasetError.cancelled`.
    public static func generate(_ configuration: DatasetConfiguration, samples: Int, seed: UInt64, threads: Int,
                                isCancelled: (@Sendable () -> Bool)? = nil,
                                progress: (@Sendable (GenerationProgress) -> Void)? = nil) throws -> GeneratedDataset {
        guard samples > 0 else { throw DatasetError.invalidArgument(name: "--samples", message: "\(samples) must be ≥ 1") }
        guard threads > 0 else { throw DatasetError.invalidArgument(name: "--threads", message: "\(threads) must be ≥ 1") }
        let blockCount = (samples + blockSize - 1) / blockSize
        let state = GenerationState(samples: samples, blockCount: blockCount)
        let start = ContinuousClock.now
        let workerCount = min(threads, blockCount)
        let group = DispatchGroup()
        for _ in 0..<workerCount {
            group.enter()
            let thread = Thread {
                while isCancelled?() != true, let block = state.nextBlock() {
                    let generator = SampleGenerator(configuration: configuration, seed: seed)
                    let range = (block * blockSize)..<min(samples, (block + 1) * blockSize)
                    let records = range.map { generator.sample($0) }
                    let completed = state.store(records, at: range.lowerBound)
                    if let progress {
                        let elapsed = ContinuousClock.now - start
                        state.report {
                            progress(GenerationProgress(completed: completed, total: samples,
                                                        elapsedSeconds: Double(elapsed.components.seconds)
                                                            + Double(elapsed.components.attoseconds) * 1e-18))
                        }
                    }
                }
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        if isCancelled?() == true { throw DatasetError.cancelled }
        let elapsed = ContinuousClock.now - start
        return GeneratedDataset(configuration: configuration, seed: seed, records: state.records(),
                                wallSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
                                threads: workerCount)
    }
}

/// Shared state of one generation: the next block to hand out and the records so far.
private final class GenerationState: Sendable {
    private struct Storage {
        var nextBlock = 0
        var completed = 0
        var records: [SampleRecord?]
    }
    private let storage: Mutex<Storage>
    private let reporting = Mutex(())
    private let blockCount: Int

    init(samples: Int, blockCount: Int) {
        storage = Mutex(Storage(records: Array(repeating: nil, count: samples)))
        self.blockCount = blockCount
    }

    func nextBlock() -> Int? {
        storage.withLock { s in
            guard s.nextBlock < blockCount else { return nil }
            defer { s.nextBlock += 1 }
            return s.nextBlock
        }
    }

    /// Stores a block's records; returns how many samples are done.
    func store(_ records: [SampleRecord], at offset: Int) -> Int {
        storage.withLock { s in
            for (i, record) in records.enumerated() { s.records[offset + i] = record }
            s.completed += records.count
            return s.completed
        }
    }

    func report(_ body: () -> Void) { reporting.withLock { _ in body() } }

    func records() -> [SampleRecord] { storage.withLock { $0.records.map { $0! } } }
}
