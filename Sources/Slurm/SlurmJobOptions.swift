/// The resources asked of Slurm for every task of a job (sbatch options).
public struct SlurmJobOptions: Sendable, Hashable, Codable {
    /// `--partition` (nil: the cluster's default partition).
    public var partition: String?
    /// `--time` limit per task, in one of Slurm's formats (`MM`, `MM:SS`, `HH:MM:SS`,
    /// `D-HH`, `D-HH:MM`, `D-HH:MM:SS`); nil: the partition's default.
    public var time: String?
    /// `--cpus-per-task`: cores per task (each shard runs that many generation workers).
    public var cpusPerTask: Int
    /// `--mem-per-cpu` in MB (nil: the cluster's default).
    public var memPerCPUMB: Int?
    /// `--account` to charge (nil: the user's default).
    public var account: String?

    public init(partition: String? = nil, time: String? = nil, cpusPerTask: Int = 1, memPerCPUMB: Int? = nil, account: String? = nil) {
        self.partition = partition
        self.time = time
        self.cpusPerTask = cpusPerTask
        self.memPerCPUMB = memPerCPUMB
        self.account = account
    }

    /// Checks every option; the error names the command-line option.
    public func validate() throws {
        if let partition { try Self.checkName(partition, option: "--partition") }
        if let account { try Self.checkName(account, option: "--account") }
        if let time, !Self.isTimeLimit(time) {
            throw SlurmError.invalidOption(name: "--time", message: "'\(time)' is not a Slurm time limit (HH:MM:SS, MM:SS, MM, D-HH, D-HH:MM or D-HH:MM:SS)")
        }
        guard (1...4096).contains(cpusPerTask) else {
            throw SlurmError.invalidOption(name: "--cpus-per-task", message: "\(cpusPerTask) must be in 1...4096")
        }
        if let memPerCPUMB, !(1...16_777_216).contains(memPerCPUMB) {
            throw SlurmError.invalidOption(name: "--mem-per-cpu", message: "\(memPerCPUMB) MB must be in 1...16777216")
        }
    }

    /// The `#SBATCH` lines for these options, in a fixed order.
    var directives: [String] {
        var lines = ["--cpus-per-task=\(cpusPerTask)"]
        if let memPerCPUMB { lines.append("--mem-per-cpu=\(memPerCPUMB)") }
        if let time { lines.append("--time=\(time)") }
        if let partition { lines.append("--partition=\(partition)") }
        if let account { lines.append("--account=\(account)") }
        return lines
    }

    private static func checkName(_ value: String, option: String) throws {
        let allowed = value.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) || "-_.".unicodeScalars.contains($0) }
        guard !value.isEmpty, allowed else {
            throw SlurmError.invalidOption(name: option, message: "'\(value)' may hold only letters, digits, '-', '_' and '.'")
        }
    }

    /// Whether `text` is one of Slurm's time-limit formats.
    static func isTimeLimit(_ text: String) -> Bool {
        func numbers(_ part: Substring, count: ClosedRange<Int>) -> Bool {
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            return count.contains(fields.count) && fields.allSatisfy { !$0.isEmpty && $0.count <= 6 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        }
        let dash = text.split(separator: "-", omittingEmptySubsequences: false)
        switch dash.count {
        case 1: return numbers(dash[0], count: 1...3)
        case 2: return numbers(dash[0], count: 1...1) && numbers(dash[1], count: 1...3)
        default: return false
        }
    }
}
