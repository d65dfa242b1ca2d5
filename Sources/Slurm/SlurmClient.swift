import Foundation

/// Runs Slurm's commands (`sbatch`, `squeue`, `sacct`, `scontrol`, `scancel`)
/// from PATH, with the caller's environment (so `SLURM_CONF` and the like
/// reach them).
public struct SlurmClient: Sendable {
    public init() {}

    /// Submits `script` with `sbatch --parsable`, after every job of `afterOK`
    /// has succeeded when given (`--dependency=afterok:…`); returns the job id.
    /// The job is cancelled by Slurm as soon as a job it depends on fails (`--kill-on-invalid-dep=yes`).
    public func submit(_ script: String, afterOK: [String] = []) throws -> String {
        var arguments = ["--parsable"]
        if !afterOK.isEmpty { arguments += ["--dependency=afterok:" + afterOK.joined(separator: ":"), "--kill-on-invalid-dep=yes"] }
        let output = try run("sbatch", arguments + [script])
        // `--parsable` prints `jobid` or `jobid;cluster`.
        let id = output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first.map(String.init) ?? ""
        guard !id.isEmpty, id.allSatisfy(\.isNumber) else { throw SlurmError.unexpectedOutput(command: "sbatch", output: output) }
        return id
    }

    /// The queued and running jobs and array tasks among `jobIDs` (one entry per task).
    public func queued(_ jobIDs: [String]) throws -> [SlurmJobStatus] {
        guard !jobIDs.isEmpty else { return [] }
        do {
            return try SlurmJobStatus.parseQueue(try run("squeue", ["-h", "-r", "-j", jobIDs.joined(separator: ","), "-o", "%F|%K|%T|%r"]))
        } catch let SlurmError.commandFailed(_, _, output) where output.contains("Invalid job id") {
            return []  // every job named has left slurmctld's memory
        }
    }

    /// What is known of finished jobs and tasks among `jobIDs`: from accounting
    /// (`sacct`) where the cluster keeps it, else from slurmctld's memory of recently
    /// finished jobs (`scontrol show job`, kept for MinJobAge, 300 s by default).
    public func finished(_ jobIDs: [String]) -> [SlurmJobStatus] {
        guard !jobIDs.isEmpty else { return [] }
        if let output = try? run("sacct", ["-n", "-P", "-X", "-j", jobIDs.joined(separator: ","), "-o", "JobID,State,ExitCode"]) {
            let states = SlurmJobStatus.parseAccounting(output)
            if !states.isEmpty { return states }
        }
        return jobIDs.flatMap { id in (try? run("scontrol", ["-o", "show", "job", id])).map(SlurmJobStatus.parseControl) ?? [] }
    }

    /// Cancels jobs (`scancel`); ids of jobs already gone are ignored.
    public func cancel(_ jobIDs: [String]) {
        guard !jobIDs.isEmpty else { return }
        _ = try? run("scancel", jobIDs)
    }

    /// Runs `command` with `arguments`; returns standard output.
    @discardableResult
    func run(_ command: String, _ arguments: [String]) throws -> String {
        guard let executable = Self.find(command) else { throw SlurmError.commandMissing(command: command) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw SlurmError.commandFailed(command: command, status: -1, output: "\(error)")
        }
        // Read both pipes while the command runs, so a long output cannot block it.
        let errorData = Mutable<Data>()
        let readers = DispatchGroup()
        readers.enter()
        Thread {
            errorData.value = errors.fileHandleForReading.readDataToEndOfFile()
            readers.leave()
        }.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        readers.wait()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errorData.value ?? Data(), as: UTF8.self) + text
            throw SlurmError.commandFailed(command: ([command] + arguments).joined(separator: " "), status: process.terminationStatus,
                                           output: message.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return text
    }

    /// The path of `command` on PATH.
    static func find(_ command: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(command)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// A box one thread fills and another reads after joining.
private final class Mutable<Value>: @unchecked Sendable {
    var value: Value?
}
