import Foundation

/// One job, or one task of an array job, as Slurm reports it.
public struct SlurmJobStatus: Sendable, Equatable {
    /// The array job's id (for a plain job, its own id).
    public var jobID: String
    /// The task's index in its array, or nil for a plain job.
    public var arrayIndex: Int?
    /// Slurm's state name: PENDING, RUNNING, COMPLETING, COMPLETED, FAILED, CANCELLED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, …
    public var state: String
    /// Why a pending job waits (e.g. `Dependency`, `DependencyNeverSatisfied`, `Resources`), else `None` or empty.
    public var reason: String
    /// `exit:signal` of a finished job, when known.
    public var exitCode: String?

    public init(jobID: String, arrayIndex: Int?, state: String, reason: String = "", exitCode: String? = nil) {
        self.jobID = jobID
        self.arrayIndex = arrayIndex
        self.state = state
        self.reason = reason
        self.exitCode = exitCode
    }

    /// `123_4` for an array task, `123` for a plain job.
    public var name: String { arrayIndex.map { "\(jobID)_\($0)" } ?? jobID }

    /// Still queued or running.
    public var isActive: Bool {
        ["PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "REQUEUED", "RESIZING", "SUSPENDED", "STOPPED", "SIGNALING", "STAGE_OUT",
         "REQUEUE_HOLD", "REQUEUE_FED", "RESV_DEL_HOLD", "SPECIAL_EXIT"].contains(state.split(separator: " ").first.map(String.init) ?? state)
    }

    /// A pending job that can never start because a job it depends on failed.
    public var dependencyNeverSatisfied: Bool { reason.contains("DependencyNeverSatisfied") }

    /// Parses `squeue -h -r -o '%F|%K|%T|%r'` lines (array job id, task index or N/A, state, reason).
    static func parseQueue(_ output: String) throws -> [SlurmJobStatus] {
        try output.split(separator: "\n").map { line in
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 4, !fields[0].isEmpty else { throw SlurmError.unexpectedOutput(command: "squeue", output: String(line)) }
            return SlurmJobStatus(jobID: fields[0], arrayIndex: Int(fields[1]), state: fields[2], reason: fields[3])
        }
    }

    /// Parses `sacct -n -P -X -o JobID,State,ExitCode` lines (`123_4|COMPLETED|0:0`; a
    /// pending range `123_[5-7]` is skipped: such tasks are still in squeue).
    static func parseAccounting(_ output: String) -> [SlurmJobStatus] {
        output.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3 else { return nil }
            let id = fields[0].split(separator: "_", maxSplits: 1).map(String.init)
            if id.count == 2, Int(id[1]) == nil { return nil }
            return SlurmJobStatus(jobID: id[0], arrayIndex: id.count == 2 ? Int(id[1]) : nil,
                                  state: fields[1].split(separator: " ").first.map(String.init) ?? fields[1], exitCode: fields[2])
        }
    }

    /// Parses `scontrol -o show job` records (one line each, `Key=Value` fields).
    static func parseControl(_ output: String) -> [SlurmJobStatus] {
        output.split(separator: "\n").compactMap { line in
            var fields: [String: String] = [:]
            for token in line.split(separator: " ") {
                let parts = token.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2 else { continue }
                let key = String(parts[0])
                if fields[key] == nil { fields[key] = String(parts[1]) }
            }
            guard let state = fields["JobState"], let id = fields["JobId"] else { return nil }
            let index = fields["ArrayTaskId"].flatMap { Int($0) }
            return SlurmJobStatus(jobID: index != nil ? (fields["ArrayJobId"] ?? id) : id, arrayIndex: index, state: state,
                                  reason: fields["Reason"] ?? "", exitCode: fields["ExitCode"])
        }
    }
}
