/// What can stop a `report` stage. Every case names the report stage and the
/// input file at fault (as `<upstream stage>/<file>`), so the message says
/// which upstream output to look at.
public enum ReportStageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An input file the report needs is absent or unreadable.
    case missingInput(stage: String, file: String, problem: String)
    /// An input file is there but not in the shape the report reads.
    case malformedInput(stage: String, file: String, problem: String)
    /// The stage's parameters and its inputs disagree (e.g. `caseStudies: true` without a `casestudy` input).
    case configuration(stage: String, problem: String)

    /// A message for the person running the pipeline.
    public var description: String {
        switch self {
        case let .missingInput(stage, file, problem):
            return "report stage '\(stage)': input \(file) is missing: \(problem)"
        case let .malformedInput(stage, file, problem):
            return "report stage '\(stage)': input \(file) is malformed: \(problem)"
        case let .configuration(stage, problem):
            return "report stage '\(stage)': \(problem)"
        }
    }
}
