/// Everything that can go wrong in the Learning module, each case carrying
/// what the user needs to fix the input.
public enum LearningError: Error, Equatable, CustomStringConvertible {
    /// A model or training parameter is out of range.
    case invalidConfiguration(field: String, reason: String)
    /// A dataset or checkpoint lacks a dataset or attribute the module needs.
    case missingDataset(file: String, dataset: String)
    /// A dataset has the wrong shape or element type.
    case shapeMismatch(file: String, dataset: String, expected: String, found: String)
    /// A file cannot be opened, read or written, or its contents make no sense.
    case unreadableFile(file: String, reason: String)
    /// Data handed to training or evaluation cannot be used (no valid samples, NaN values, …).
    case invalidData(String)
    /// The run was asked to stop (the checkpoint of the last finished epoch is kept).
    case cancelled

    public var description: String {
        switch self {
        case let .invalidConfiguration(field, reason):
            return "invalid configuration: \(field) \(reason)"
        case let .missingDataset(file, dataset):
            return "\(file): missing dataset or attribute '\(dataset)'"
        case let .shapeMismatch(file, dataset, expected, found):
            return "\(file): dataset '\(dataset)' has shape \(found), expected \(expected)"
        case let .unreadableFile(file, reason):
            return "\(file): \(reason)"
        case let .invalidData(reason):
            return "invalid data: \(reason)"
        case .cancelled:
            return "training cancelled"
        }
    }
}
