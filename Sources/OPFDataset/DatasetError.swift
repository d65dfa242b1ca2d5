import Foundation

/// Errors of dataset specs, generation and dataset files, each naming the
/// file and the field or dataset to fix.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    case invalidSpec(file: String, field: String, message: String)
    case unknownSplit(file: String, split: String, known: [String])
    case invalidArgument(name: String, message: String)
    case output(file: String, message: String)
    case cancelled
    case workerFailed(worker: Int, message: String)
    /// A shard file that cannot be merged (unreadable, not a shard, or not of the same dataset as the others).
    case invalidShard(file: String, message: String)
    /// A set of shards with some missing or duplicated.
    case incompleteShards(message: String)

    public var description: String {
        switch self {
        case let .invalidSpec(file, field, message):
            return "\(file): \(field): \(message)"
        case let .unknownSplit(file, split, known):
            return "\(file): splits: no split named '\(split)'; known: \(known.joined(separator: ", "))"
        case let .invalidArgument(name, message):
            return "\(name): \(message)"
        case let .output(file, message):
            return "\(file): \(message)"
        case .cancelled:
            return "generation cancelled"
        case let .workerFailed(worker, message):
            return "generation worker \(worker) failed: \(message)"
        case let .invalidShard(file, message):
            return "\(file): \(message)"
        case let .incompleteShards(message):
            return message
        }
    }
}

extension DatasetError {
    /// What went wrong in a Foundation file operation, in the system's words
    /// (`No space left on device`, `File too large`) rather than a dump of the NSError.
    static func reason(_ error: Error) -> String {
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? any Error {
            let underlying = underlying as NSError
            if underlying.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(underlying.code))) }
        }
        return error.localizedDescription
    }
}
