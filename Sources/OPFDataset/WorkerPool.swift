import Foundation
import Synchronization

/// Generates a dataset's blocks in `p2pgrid generate-worker` processes.
///
/// Worker `w` of `W` generates blocks `b₀ + w, b₀ + w + W, …` of the range
/// `blocks` (all of the dataset's, or one shard's), writing each to
/// `block-<b>.plist` in a scratch directory (temporary name, then rename) and
/// announcing it on standard output as `block <b> <samples>`. The parent
/// reads the announcements for progress, waits for every worker, and joins
/// the blocks in order — the same records as one process would produce.
struct WorkerPool {
    let executable: String
    let configuration: DatasetConfiguration
    let samples: Int
    let seed: UInt64
    /// The blocks to generate.
    let blocks: Range<Int>
    let workers: Int

    /// The command line of worker `index`.
    func arguments(worker index: Int, scratch: String) -> [String] {
        ["generate-worker", "--spec", configuration.specFile, "--split", configuration.split, "--seed", String(seed),
         "--samples", String(samples), "--first-block", String(blocks.lowerBound), "--end-block", String(blocks.upperBound),
         "--worker", String(index), "--workers", String(workers), "--scratch", scratch,
         "--linear-solver", configuration.linearSolver.rawValue]
    }

    func run(isCancelled: (@Sendable () -> Bool)?, onBlock: @escaping @Sendable (Int) -> Void) throws -> [SampleRecord] {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("p2pgrid-generate-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }

        var processes: [(process: Process, errors: Pipe)] = []
        defer { for (process, _) in processes where process.isRunning { process.terminate() } }
        let readers = DispatchGroup()
        for index in 0..<workers {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments(worker: index, scratch: scratch)
            let output = Pipe(), errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            do {
                try process.run()
            } catch {
                throw DatasetError.workerFailed(worker: index, message: "cannot start \(executable): \(error)")
            }
            processes.append((process, errors))
            readers.enter()
            Thread {
                Self.readAnnouncements(output.fileHandleForReading, onBlock: onBlock)
                readers.leave()
            }.start()
        }
        while processes.contains(where: { $0.process.isRunning }) {
            if isCancelled?() == true {
                for (process, _) in processes where process.isRunning { process.terminate() }
                throw DatasetError.cancelled
            }
            usleep(20_000)
        }
        readers.wait()
        for (index, worker) in processes.enumerated() where worker.process.terminationStatus != 0 {
            let message = String(decoding: worker.errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw DatasetError.workerFailed(worker: index, message: "exit status \(worker.process.terminationStatus): "
                                                + message.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        var records: [SampleRecord] = []
        records.reserveCapacity(blocks.count * DatasetGenerator.blockSize)
        let decoder = PropertyListDecoder()
        for block in blocks {
            let path = Self.blockPath(block, in: scratch)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DatasetError.workerFailed(worker: (block - blocks.lowerBound) % workers, message: "block \(block) was not written")
            }
            records += try decoder.decode([SampleRecord].self, from: data)
        }
        return records
    }

    /// Calls `onBlock` with the sample count of every `block <b> <n>` line read.
    private static func readAnnouncements(_ handle: FileHandle, onBlock: @Sendable (Int) -> Void) {
        var buffer = Data()
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { return }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                let fields = line.split(separator: " ")
                if fields.count == 3, fields[0] == "block", let count = Int(fields[2]) { onBlock(count) }
            }
        }
    }

    static func blockPath(_ block: Int, in scratch: String) -> String { "\(scratch)/block-\(block).plist" }
}

extension DatasetGenerator {
    /// The work of one worker process: every `workers`-th block of `blocks`
    /// starting at its `worker`-th, each written to the scratch directory and
    /// announced on standard output (`block <b> <samples>`).
    public static func runWorker(_ configuration: DatasetConfiguration, samples: Int, seed: UInt64, blocks: Range<Int>,
                                 worker: Int, workers: Int, scratch: String) throws {
        guard samples > 0, workers > 0, (0..<workers).contains(worker),
              blocks.lowerBound >= 0, blocks.upperBound <= blockCount(samples: samples) else {
            throw DatasetError.invalidArgument(name: "--worker", message: "worker \(worker) of \(workers), blocks \(blocks), for \(samples) samples")
        }
        let encoder = PropertyListEncoder()
        encoder.outputFormat = .binary
        let parent = getppid()
        for block in stride(from: blocks.lowerBound + worker, to: blocks.upperBound, by: workers) {
            // A parent killed outright (SIGKILL) cannot stop its workers; they notice it is gone and quit.
            guard getppid() == parent else { throw DatasetError.cancelled }
            let records = generateBlock(block, of: configuration, samples: samples, seed: seed)
            let path = WorkerPool.blockPath(block, in: scratch)
            let temporary = path + ".tmp"
            do {
                try encoder.encode(records).write(to: URL(fileURLWithPath: temporary))
            } catch {
                throw DatasetError.output(file: temporary, message: "\(error)")
            }
            guard rename(temporary, path) == 0 else {
                throw DatasetError.output(file: path, message: String(cString: strerror(errno)))
            }
            FileHandle.standardOutput.write(Data("block \(block) \(records.count)\n".utf8))
        }
    }
}
