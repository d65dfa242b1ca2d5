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
///
/// Failure: a worker that exits with an error or is killed stops the others at
/// once and the call throws `DatasetError.workerFailed` naming it, how it ended
/// and its last error lines. A parent killed outright takes its workers with it:
/// each worker's standard input is a pipe only the parent holds open (its
/// "lifeline"), and a worker quits the moment it reads end-of-file there.
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
         "--linear-solver", configuration.linearSolver.rawValue,
         "--bound-relax-factor", String(configuration.ipoptBoundRelaxFactor), "--lifeline-stdin"]
    }

    /// Runs the workers with their scratch directory inside `scratchParent` (default: the
    /// system's temporary directory); the scratch directory is removed on return.
    func run(scratchParent: String? = nil, isCancelled: (@Sendable () -> Bool)?,
             onBlock: @escaping @Sendable (Int) -> Void) throws -> [SampleRecord] {
        let parent = scratchParent ?? FileManager.default.temporaryDirectory.path
        let scratch = "\(parent)/p2pgrid-generate-\(getpid())-\(UUID().uuidString)"
        do {
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        } catch {
            throw DatasetError.output(file: scratch, message: "cannot create the workers' scratch directory: \(DatasetError.reason(error))")
        }
        defer { try? FileManager.default.removeItem(atPath: scratch) }

        // Each worker's lifeline pipe stays referenced (its write end open) until the workers have ended.
        var processes: [(process: Process, errors: Pipe, lifeline: Pipe)] = []
        defer { stop(processes.map(\.process)) }
        let readers = DispatchGroup()
        for index in 0..<workers {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments(worker: index, scratch: scratch)
            let output = Pipe(), errors = Pipe(), lifeline = Pipe()
            process.standardInput = lifeline
            process.standardOutput = output
            process.standardError = errors
            do {
                try process.run()
            } catch {
                throw DatasetError.workerFailed(worker: index, message: "cannot start \(executable): \(error)")
            }
            processes.append((process, errors, lifeline))
            readers.enter()
            Thread {
                Self.readAnnouncements(output.fileHandleForReading, onBlock: onBlock)
                readers.leave()
            }.start()
        }
        while processes.contains(where: { $0.process.isRunning }) {
            // Throwing stops the other workers (the defer above): one worker failing dooms the dataset.
            if isCancelled?() == true { throw DatasetError.cancelled }
            if let index = processes.firstIndex(where: { !$0.process.isRunning && !Self.succeeded($0.process) }) {
                throw failure(of: index, processes[index].process, errors: processes[index].errors)
            }
            usleep(20_000)
        }
        readers.wait()
        if let index = processes.firstIndex(where: { !Self.succeeded($0.process) }) {
            throw failure(of: index, processes[index].process, errors: processes[index].errors)
        }
        var records: [SampleRecord] = []
        records.reserveCapacity(blocks.count * DatasetGenerator.blockSize)
        let decoder = PropertyListDecoder()
        for block in blocks {
            let path = Self.blockPath(block, in: scratch)
            let worker = (block - blocks.lowerBound) % workers
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DatasetError.workerFailed(worker: worker, message: "block \(block) was not written")
            }
            do {
                records += try decoder.decode([SampleRecord].self, from: data)
            } catch {
                throw DatasetError.workerFailed(worker: worker, message: "block \(block) is unreadable (\(path)): \(error)")
            }
        }
        return records
    }

    private static func succeeded(_ process: Process) -> Bool {
        process.terminationReason == .exit && process.terminationStatus == 0
    }

    /// Terminates the running workers and waits for all of them.
    private func stop(_ processes: [Process]) {
        for process in processes where process.isRunning { process.terminate() }
        for process in processes { process.waitUntilExit() }
    }

    /// The error for worker `index`, which ended unsuccessfully: how it ended and the tail of its standard error.
    private func failure(of index: Int, _ process: Process, errors: Pipe) -> DatasetError {
        let ending: String
        if process.terminationReason == .uncaughtSignal {
            let signal = process.terminationStatus
            ending = "killed by signal \(signal) (\(String(cString: strsignal(signal))))"
        } else {
            ending = "exit status \(process.terminationStatus)"
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let tail = message.split(separator: "\n").suffix(5).joined(separator: "\n")
        return DatasetError.workerFailed(worker: index, message: tail.isEmpty ? ending : "\(ending): \(tail)")
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
    /// With `lifeline`, standard input is the parent's lifeline pipe: end-of-file there
    /// (the parent has gone, even by SIGKILL) ends this process at once, mid-block.
    public static func runWorker(_ configuration: DatasetConfiguration, samples: Int, seed: UInt64, blocks: Range<Int>,
                                 worker: Int, workers: Int, scratch: String, lifeline: Bool = false) throws {
        guard samples > 0, workers > 0, (0..<workers).contains(worker),
              blocks.lowerBound >= 0, blocks.upperBound <= blockCount(samples: samples) else {
            throw DatasetError.invalidArgument(name: "--worker", message: "worker \(worker) of \(workers), blocks \(blocks), for \(samples) samples")
        }
        let encoder = PropertyListEncoder()
        encoder.outputFormat = .binary
        let parent = getppid()
        if lifeline { watchLifeline() }
        for block in stride(from: blocks.lowerBound + worker, to: blocks.upperBound, by: workers) {
            // Without a lifeline (started by hand), a worker whose parent has gone notices between blocks.
            guard getppid() == parent else { throw DatasetError.cancelled }
            let records = generateBlock(block, of: configuration, samples: samples, seed: seed)
            let path = WorkerPool.blockPath(block, in: scratch)
            let temporary = path + ".tmp"
            do {
                try encoder.encode(records).write(to: URL(fileURLWithPath: temporary))
            } catch {
                throw DatasetError.output(file: temporary, message: "cannot write: \(DatasetError.reason(error))")
            }
            guard rename(temporary, path) == 0 else {
                throw DatasetError.output(file: path, message: String(cString: strerror(errno)))
            }
            FileHandle.standardOutput.write(Data("block \(block) \(records.count)\n".utf8))
        }
    }

    /// Quits this process (status 3) as soon as standard input reaches end-of-file.
    private static func watchLifeline() {
        let thread = Thread {
            var byte: UInt8 = 0
            while true {
                let count = read(STDIN_FILENO, &byte, 1)
                if count == 0 || (count < 0 && errno != EINTR) { _exit(3) }
            }
        }
        thread.start()
    }
}
