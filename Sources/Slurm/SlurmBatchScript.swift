import Foundation

/// An sbatch script: a bash script whose `#SBATCH` comment lines carry the
/// job's options, so the file alone says how it runs (`sbatch FILE`).
public struct SlurmBatchScript: Sendable, Equatable {
    /// `--job-name`.
    public var jobName: String
    public var options: SlurmJobOptions
    /// Array task indices (`--array=0,2,5-7`), or nil for a single job.
    public var arrayIndices: [Int]?
    /// `--output` pattern (`%A` array job id, `%a` task index, `%j` job id).
    public var output: String
    /// Comment lines explaining the script, printed under the shebang.
    public var comments: [String]
    /// The bash commands the job runs.
    public var commands: [String]

    public init(jobName: String, options: SlurmJobOptions, arrayIndices: [Int]? = nil, output: String,
                comments: [String] = [], commands: [String]) {
        self.jobName = jobName
        self.options = options
        self.arrayIndices = arrayIndices
        self.output = output
        self.comments = comments
        self.commands = commands
    }

    /// The script's text.
    public var text: String {
        var lines = ["#!/bin/bash"]
        lines += comments.map { $0.isEmpty ? "#" : "# \($0)" }
        var directives = ["--job-name=\(jobName)"]
        if let arrayIndices { directives.append("--array=\(Self.arraySpec(arrayIndices))") }
        directives += options.directives
        directives += ["--ntasks=1", "--output=\(output)", "--open-mode=truncate"]
        lines += directives.map { "#SBATCH \($0)" }
        lines += ["set -euo pipefail"] + commands
        return lines.joined(separator: "\n") + "\n"
    }

    /// Slurm's compact array syntax: sorted, runs of consecutive indices as ranges (`0-3,7,9-10`).
    public static func arraySpec(_ indices: [Int]) -> String {
        let sorted = Array(Set(indices)).sorted()
        var parts: [String] = []
        var start = 0
        while start < sorted.count {
            var end = start
            while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(end == start ? "\(sorted[start])" : "\(sorted[start])-\(sorted[end])")
            start = end + 1
        }
        return parts.joined(separator: ",")
    }

    /// `text` quoted for bash (single quotes; a quote inside as `'\''`).
    public static func quote(_ text: String) -> String {
        let safe = !text.isEmpty && text.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "/._-+=:,@%".unicodeScalars.contains($0))
        }
        return safe ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
