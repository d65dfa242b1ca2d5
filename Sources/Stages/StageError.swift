/// Errors the stage kinds raise about their inputs, naming the stage, the
/// field or file at fault, and what was expected.
public enum StageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A parameter's value does not fit the inputs the stage got.
    case invalidParameter(stage: String, field: String, message: String)
    /// An input file does not match what the stage needs from it.
    case incompatibleInput(stage: String, file: String, message: String)
    /// An input file a report needs is absent or unreadable (`file` as `<upstream stage>/<file>`).
    case missingInput(stage: String, file: String, problem: String)
    /// An input file of a report is there but not in the shape the report reads.
    case malformedInput(stage: String, file: String, problem: String)
    /// A report's parameters and its inputs disagree (e.g. `caseStudies: true` without a `casestudy` input).
    case configuration(stage: String, problem: String)

    public var description: String {
        switch self {
        case let .invalidParameter(stage, field, message):
            return "stage '\(stage)', parameter '\(field)': \(message)"
        case let .incompatibleInput(stage, file, message):
            return "stage '\(stage)', \(file): \(message)"
        case let .missingInput(stage, file, problem):
            return "report stage '\(stage)': input \(file) is missing: \(problem)"
        case let .malformedInput(stage, file, problem):
            return "report stage '\(stage)': input \(file) is malformed: \(problem)"
        case let .configuration(stage, problem):
            return "report stage '\(stage)': \(problem)"
        }
    }
}
