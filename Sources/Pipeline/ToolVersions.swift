import Foundation

/// Versions of the toolchain and system libraries a run used, for the
/// provenance manifest. Pipeline does not link HDF5, Ipopt or OpenBLAS; it
/// asks `pkg-config` at run time (the same source SwiftPM builds against).
public struct ToolVersions: Codable, Sendable, Equatable {
    /// Swift compiler that built this binary.
    public var swift: String
    /// HDF5 (`pkg-config --modversion hdf5`), or "unknown".
    public var hdf5: String
    /// Ipopt (`pkg-config --modversion ipopt`), or "unknown".
    public var ipopt: String
    /// OpenBLAS (`pkg-config --modversion openblas`), or "unknown".
    public var openblas: String
    /// `git rev-parse HEAD` of the repository, when it is one.
    public var gitCommit: String?
    /// Whether the git working tree had uncommitted changes.
    public var gitDirty: Bool?

    /// Explicit versions (tests, or a caller that knows better).
    public init(swift: String, hdf5: String, ipopt: String, openblas: String, gitCommit: String?, gitDirty: Bool?) {
        self.swift = swift
        self.hdf5 = hdf5
        self.ipopt = ipopt
        self.openblas = openblas
        self.gitCommit = gitCommit
        self.gitDirty = gitDirty
    }

    /// Detects versions; `repository` is where git is asked for the commit.
    public static func detect(repository: String) -> ToolVersions {
        let commit = output(of: ["git", "-C", repository, "rev-parse", "HEAD"])
        let dirty = commit == nil ? nil : output(of: ["git", "-C", repository, "status", "--porcelain", "--untracked-files=no"]).map { !$0.isEmpty }
        return ToolVersions(swift: compilerVersion,
                            hdf5: output(of: ["pkg-config", "--modversion", "hdf5"]) ?? "unknown",
                            ipopt: output(of: ["pkg-config", "--modversion", "ipopt"]) ?? "unknown",
                            openblas: output(of: ["pkg-config", "--modversion", "openblas"]) ?? "unknown",
                            gitCommit: commit, gitDirty: dirty)
    }

    /// The compiler version this module was built with (Swift has no
    /// run-time query for it, so it is resolved at compile time).
    public static var compilerVersion: String {
        #if compiler(>=6.4)
        return ">= 6.4"
        #elseif compiler(>=6.3.3)
        return "6.3.3"
        #elseif compiler(>=6.3.2)
        return "6.3.2"
        #elseif compiler(>=6.3.1)
        return "6.3.1"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }

    /// Trimmed standard output of a command found on PATH, nil when it fails.
    private static func output(of command: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
