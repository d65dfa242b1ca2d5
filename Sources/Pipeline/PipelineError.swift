/// Where in a pipeline file a problem is: file, line, column, stage and field.
public struct SpecLocation: Sendable, Hashable, CustomStringConvertible {
    /// Path of the pipeline file as the user gave it.
    public let file: String
    /// 1-based line.
    public let line: Int
    /// 1-based column.
    public let column: Int
    /// Stage name, when the problem is inside a stage.
    public let stage: String?
    /// Dotted field path, e.g. `params.epochs` or `needs`.
    public let field: String

    /// Creates a location.
    public init(file: String, line: Int, column: Int, stage: String?, field: String) {
        self.file = file
        self.line = line
        self.column = column
        self.stage = stage
        self.field = field
    }

    /// `file:line:column: stage 'x', field 'y'`.
    public var description: String {
        let stagePart = stage.map { "stage '\($0)', " } ?? ""
        return "\(file):\(line):\(column): \(stagePart)field '\(field)'"
    }
}

/// Everything that can go wrong reading, validating or running a pipeline.
/// Spec problems carry a `SpecLocation`; run problems name the stage and path.
public enum PipelineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The pipeline file cannot be read.
    case unreadableSpec(file: String, reason: String)
    /// The file is not well-formed YAML.
    case yamlSyntax(file: String, line: Int, column: Int, problem: String)
    /// A required top-level or stage field is absent.
    case missingField(SpecLocation)
    /// A field the format does not know (a typo, usually).
    case unknownField(SpecLocation, allowed: [String])
    /// A field holds the wrong kind of YAML node or value.
    case wrongType(SpecLocation, expected: String, found: String)
    /// A value is of the right type but outside what is admitted.
    case outOfRange(SpecLocation, value: String, allowed: String)
    /// `kind:` names no registered stage kind.
    case unknownKind(SpecLocation, kind: String, known: [String])
    /// `params:` names a parameter the stage kind does not declare.
    case unknownParameter(SpecLocation, kind: String, declared: [String])
    /// A parameter without default is absent.
    case missingParameter(SpecLocation, kind: String, summary: String)
    /// `needs:` names no stage of this pipeline.
    case unknownNeed(SpecLocation, need: String, stages: [String])
    /// A need whose kind no input slot of the stage accepts, or a slot filled wrongly.
    case unusableNeed(SpecLocation, problem: String)
    /// `executor:` / `slurm:` settings that do not fit together or the stage.
    case unusableExecutor(SpecLocation, problem: String)
    /// A second stage publishes to `Reports/<pipeline>/`, which one stage owns.
    case secondPublication(SpecLocation, first: String)
    /// A file the stage reads (a spec named in its parameters) is missing or malformed.
    case unreadableSource(SpecLocation, problem: String)
    /// The stages' needs form a cycle (listed in order, first repeated at the end).
    case dependencyCycle(SpecLocation, cycle: [String])
    /// A command-line option names no stage of the pipeline.
    case unknownStage(option: String, stage: String, stages: [String])
    /// `--only` was given for a stage whose inputs are not in the cache yet.
    case inputNotCached(stage: String, input: String)
    /// Another run holds the work directory's lock.
    case workDirectoryLocked(path: String, holder: String)
    /// A stage threw; the message is the stage's own error text.
    case stageFailed(stage: String, kind: String, message: String)
    /// A stage asked for, or left behind, a file it did not declare, or missed a declared one.
    case outputContract(stage: String, problem: String)
    /// The run was stopped by SIGINT/SIGTERM; finished stages stay cached.
    case interrupted(completedStages: [String])
    /// A file-system operation failed.
    case fileSystem(path: String, operation: String, reason: String)

    /// A message for humans: where, what, and what to do.
    public var description: String {
        switch self {
        case .unreadableSpec(let file, let reason):
            return "\(file): cannot read pipeline file: \(reason)"
        case .yamlSyntax(let file, let line, let column, let problem):
            return "\(file):\(line):\(column): YAML syntax error: \(problem)"
        case .missingField(let at):
            return "\(at): required field is missing"
        case .unknownField(let at, let allowed):
            return "\(at): unknown field; allowed fields: \(allowed.joined(separator: ", "))"
        case .wrongType(let at, let expected, let found):
            return "\(at): expected \(expected), found \(found)"
        case .outOfRange(let at, let value, let allowed):
            return "\(at): value \(value) is out of range; allowed: \(allowed)"
        case .unknownKind(let at, let kind, let known):
            return "\(at): unknown stage kind '\(kind)'; known kinds: \(known.isEmpty ? "(none registered)" : known.joined(separator: ", "))"
        case .unknownParameter(let at, let kind, let declared):
            return "\(at): stage kind '\(kind)' has no such parameter; parameters: \(declared.joined(separator: ", "))"
        case .missingParameter(let at, let kind, let summary):
            return "\(at): stage kind '\(kind)' requires this parameter (\(summary))"
        case .unknownNeed(let at, let need, let stages):
            return "\(at): needs unknown stage '\(need)'; stages in this pipeline: \(stages.joined(separator: ", "))"
        case .unusableNeed(let at, let problem), .unusableExecutor(let at, let problem):
            return "\(at): \(problem)"
        case .secondPublication(let at, let first):
            return "\(at): stage '\(first)' already publishes this pipeline's report directory; a pipeline has at most one report stage"
        case .unreadableSource(let at, let problem):
            return "\(at): \(problem)"
        case .dependencyCycle(let at, let cycle):
            return "\(at): dependency cycle: \(cycle.joined(separator: " → "))"
        case .unknownStage(let option, let stage, let stages):
            return "\(option) \(stage): no such stage; stages: \(stages.joined(separator: ", "))"
        case .inputNotCached(let stage, let input):
            return "--only \(stage): its input stage '\(input)' has no cached outputs; run it first (e.g. --until \(input))"
        case .workDirectoryLocked(let path, let holder):
            return "work directory \(path) is in use by another run (\(holder)); wait for it to finish, or pass --wait"
        case .stageFailed(let stage, let kind, let message):
            return "stage '\(stage)' (kind \(kind)) failed: \(message)"
        case .outputContract(let stage, let problem):
            return "stage '\(stage)': \(problem)"
        case .interrupted(let completed):
            return "interrupted; completed stages stay cached (\(completed.isEmpty ? "none" : completed.joined(separator: ", "))); re-run to resume"
        case .fileSystem(let path, let operation, let reason):
            return "\(path): cannot \(operation): \(reason)"
        }
    }

    /// Whether the error is the user's input (exit code 2) rather than a run failure.
    public var isBadInput: Bool {
        switch self {
        case .unreadableSpec, .yamlSyntax, .missingField, .unknownField, .wrongType, .outOfRange, .unknownKind,
             .unknownParameter, .missingParameter, .unknownNeed, .unusableNeed, .unusableExecutor, .secondPublication, .dependencyCycle, .unknownStage,
             .inputNotCached, .unreadableSource:
            return true
        case .workDirectoryLocked, .stageFailed, .outputContract, .interrupted, .fileSystem:
            return false
        }
    }
}
