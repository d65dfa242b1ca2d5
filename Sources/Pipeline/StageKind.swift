/// A kind of pipeline stage (`generate`, `train`, `validate`, `casestudy`,
/// `report`, …): what it takes, what it makes, and how.
///
/// The runner, not the stage, decides every path. A stage receives its
/// validated parameters, a seed, the declared output files of the stages it
/// needs (grouped by input slot) and a fresh output directory; it must write
/// exactly the files `outputs(for:)` declares, through
/// `StageContext.outputPath(_:)`. The runner checks that contract after the
/// stage returns, hashes the outputs and moves the directory into the cache.
///
/// `codeVersion` is part of the cache key: bump it whenever a change to the
/// stage's code can change its output bytes, so old cache entries go stale.
///
/// How the kinds of DESIGN.md §5–§9 map onto this protocol:
/// - `generate`: no inputs; outputs `dataset.h5` plus one `ood-<split>.h5`
///   per split named in a list parameter, so `outputs(for:)` follows the spec.
/// - `train`: slot `dataset` (generate, `.one`); outputs the checkpoint, the
///   baselines and the per-epoch log.
/// - `validate`: slots `dataset` (generate, `.one`) and `models` (train,
///   `.oneOrMore`) — a stage consuming several upstream outputs.
/// - `casestudy`: slots `dataset` (generate, `.one`; its spec gives the
///   system and scenario ranges) and `models` (train, `.oneOrMore`; case 3
///   predicts with one of their checkpoints).
/// - `report`: slots `dataset` (generate, `.one`), `models` (train,
///   `.oneOrMore`), `accuracy` (validate, `.one`) and `cases` (casestudy,
///   `.optional`); `publishesReport` is true, so its cached outputs are also
///   copied to `Reports/<pipeline>/` (at most one such stage per pipeline).
public protocol StageKind: Sendable {
    /// The name used in `kind:` fields.
    var name: String { get }
    /// Version of the code that produces the outputs (part of the cache key).
    var codeVersion: String { get }
    /// One line for `graph` and documentation.
    var summary: String { get }
    /// The parameters this kind accepts under `params:`.
    var parameters: [ParameterSpec] { get }
    /// The input slots the stage's `needs:` fill, matched by upstream kind.
    var inputs: [InputSlot] { get }
    /// Relative paths (`/`-separated, no `..`) of the files the stage writes
    /// for these parameters — e.g. a dataset plus one file per OOD split.
    func outputs(for parameters: ParameterValues) -> [String]
    /// Files the stage reads besides its inputs — a dataset spec and the
    /// system specs and feeders it names — for these parameters, as absolute
    /// paths; relative paths in parameters are taken from `directory`, the
    /// pipeline file's directory. Their bytes are part of the cache key, so
    /// editing a spec re-runs the stage. Throws (with a message naming the
    /// file and field) when a file is missing or malformed.
    func sourceFiles(for parameters: ParameterValues, in directory: String) throws -> [String]
    /// Whether the outputs are also published to `Reports/<pipeline>/` in the
    /// repository (the `report` kind). The stage still writes only into its
    /// output directory; the runner copies the cached result to the
    /// publication directory atomically after the stage is done or hit.
    var publishesReport: Bool { get }
    /// Whether `executor: slurm` can run this kind (then `context.execution` says where to run).
    var runsOnSlurm: Bool { get }
    /// Does the work. Long stages call `context.checkCancellation()` and
    /// `context.reportProgress(...)` now and then. Must be deterministic
    /// given parameters, seed and input bytes.
    func run(_ context: StageContext) throws
}

extension StageKind {
    /// Most kinds keep their outputs in the cache only.
    public var publishesReport: Bool { false }
    /// Most kinds run only in the runner's process.
    public var runsOnSlurm: Bool { false }
    /// Most kinds read nothing but their inputs.
    public func sourceFiles(for parameters: ParameterValues, in directory: String) throws -> [String] { [] }
}

/// How many upstream stages an input slot takes.
public enum InputMultiplicity: Sendable, Hashable {
    /// Exactly one.
    case one
    /// Zero or one.
    case optional
    /// At least one (e.g. the models a `validate` stage compares).
    case oneOrMore
    /// Any number, including none.
    case any

    /// How the count reads in messages.
    public var description: String {
        switch self {
        case .one: return "exactly one"
        case .optional: return "at most one"
        case .oneOrMore: return "one or more"
        case .any: return "any number of"
        }
    }

    var admittedCounts: ClosedRange<Int> {
        switch self {
        case .one: return 1...1
        case .optional: return 0...1
        case .oneOrMore: return 1...Int.max
        case .any: return 0...Int.max
        }
    }
}

/// A named input of a stage kind, filled by needed stages of the given kinds.
public struct InputSlot: Sendable, Hashable {
    /// Name the stage uses to look its inputs up (`context.inputs("dataset")`).
    public let name: String
    /// Kinds of upstream stage this slot accepts.
    public let acceptedKinds: [String]
    /// How many upstream stages fill it.
    public let multiplicity: InputMultiplicity

    /// Declares a slot. Slots of one kind must accept disjoint kinds, so every
    /// need lands in exactly one slot.
    public init(_ name: String, accepts acceptedKinds: [String], _ multiplicity: InputMultiplicity = .one) {
        self.name = name
        self.acceptedKinds = acceptedKinds
        self.multiplicity = multiplicity
    }
}

/// The stage kinds a runner knows, by name. The CLI builds one from the
/// `Stages` module and hands it to spec validation and the runner.
public struct StageRegistry: Sendable {
    private let kindsByName: [String: any StageKind]

    /// Registers kinds; names must be unique and every kind's slots disjoint.
    public init(_ kinds: [any StageKind]) {
        var byName: [String: any StageKind] = [:]
        for kind in kinds {
            precondition(byName[kind.name] == nil, "stage kind '\(kind.name)' registered twice")
            let accepted = kind.inputs.flatMap(\.acceptedKinds)
            precondition(Set(accepted).count == accepted.count, "stage kind '\(kind.name)' has input slots accepting the same kind")
            byName[kind.name] = kind
        }
        kindsByName = byName
    }

    /// The kind registered under `name`.
    public func kind(named name: String) -> (any StageKind)? {
        kindsByName[name]
    }

    /// Registered kind names, sorted.
    public var names: [String] {
        kindsByName.keys.sorted()
    }
}
