import Foundation

/// The path of the running `p2pgrid` binary, so work that runs in several
/// processes (dataset generation) can start workers from it.
enum RunningExecutable {
    static let path: String = {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        let invoked = CommandLine.arguments[0]
        return invoked.hasPrefix("/") ? invoked : FileManager.default.currentDirectoryPath + "/" + invoked
    }()
}
