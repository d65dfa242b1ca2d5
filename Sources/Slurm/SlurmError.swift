/// Errors of talking to Slurm, each saying what to do about it.
public enum SlurmError: Error, Equatable, CustomStringConvertible {
    /// A bad option value (exit 2 on the command line).
    case invalidOption(name: String, message: String)
    /// A Slurm command is not installed or not on PATH.
    case commandMissing(command: String)
    /// A Slurm command failed.
    case commandFailed(command: String, status: Int32, output: String)
    /// A Slurm command printed something this code cannot read.
    case unexpectedOutput(command: String, output: String)
    /// A task of a job ended without producing its output.
    case taskFailed(job: String, arrayIndex: Int?, state: String, log: String, logTail: String)
    /// The run was interrupted while waiting (the jobs go on).
    case interrupted(jobs: [String])

    public var description: String {
        switch self {
        case let .invalidOption(name, message):
            return "\(name): \(message)"
        case let .commandMissing(command):
            return "\(command) not found: is Slurm installed here and on PATH (this must run on a login node of the cluster)?"
        case let .commandFailed(command, status, output):
            return "\(command) failed (exit \(status)): \(output)"
        case let .unexpectedOutput(command, output):
            return "\(command) printed something unexpected: \(output)"
        case let .taskFailed(job, arrayIndex, state, log, logTail):
            let task = arrayIndex.map { "array task \($0) (job \(job))" } ?? "job \(job)"
            let tail = logTail.isEmpty ? "" : "\n--- last lines of \(log) ---\n\(logTail)"
            return "\(task) ended \(state) without its output; log: \(log)\(tail)"
        case let .interrupted(jobs):
            return "interrupted while waiting; the Slurm jobs \(jobs.joined(separator: ", ")) go on: run the same command again to follow them"
        }
    }
}
