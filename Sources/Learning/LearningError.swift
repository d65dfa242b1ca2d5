/// Everything that can go wrong in the Learning module, each case carrying
/// what the user needs to fix the input.
public enum LearningError: Error, Equatable, CustomStringConvertible {
    /// A model or training parameter is out of range.
    case invalidConfiguration(field: String, reason: String)
    /// A dataset or checkpoint lacks a dataset or attribute the module needs.
    case missingDataset(file: String, dataset: String)
    /// A dataset has the wrong shape or element type.
    case shapeMismatch(file: String, dataset: String, expected: String, found: String)
    /// An attribute holds a value the module cannot use (e.g. other target names than `P_acc_n`, `curtailed_n`).
    case invalidAttribute(file: String, attribute: String, expected: String, found: String)
    /// A feature the model needs is not among the file's `feature_names`.
    case missingFeature(file: String, feature: String, available: [String])
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
        case let .invalidAttribute(file, attribute, expected, found):
            return "\(file): attribute '\(attribute)' is \(found), expected \(expected)"
        case let .missingFeature(file, feature, available):
            return "\(file): no feature '\(feature)' in feature_names [\(available.joined(separator: ", "))]"
        case let .unreadableFile(file, reason):
            return "\(file): \(reason)"
        case let .invalidData(reason):
            return "invalid data: \(reason)"
        case .cancelled:
            return "training cancelled"
        }
    }
}
