/// Errors the stage kinds raise about their inputs, naming the stage, the
/// field or file at fault, and what was expected.
public enum StageError: Error, Equatable, CustomStringConvertible {
    /// A parameter's value does not fit the inputs the stage got.
    case invalidParameter(stage: String, field: String, message: String)
    /// An input file does not match what the stage needs from it.
    case incompatibleInput(stage: String, file: String, message: String)

    public var description: String {
        switch self {
        case let .invalidParameter(stage, field, message):
            return "stage '\(stage)', parameter '\(field)': \(message)"
        case let .incompatibleInput(stage, file, message):
            return "stage '\(stage)', \(file): \(message)"
        }
    }
}
