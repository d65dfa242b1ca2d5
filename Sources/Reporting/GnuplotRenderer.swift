import Foundation

/// Writes a figure's data CSVs and script into a directory and runs gnuplot
/// on the script there to draw the SVG, exactly as a user rerunning the
/// saved script would.
///
/// gnuplot runs with `-d` (no `~/.gnuplot`) and `LC_NUMERIC=C`, so a user's
/// settings or locale cannot change the figure; its SVG terminal embeds no
/// date or path, so the same data gives the same bytes. The SVG is drawn to
/// a temporary name and renamed, like every file here.
public struct GnuplotRenderer: Sendable {
    /// A command name looked up on `PATH`, or a path to the executable.
    public let executable: String

    /// Creates a renderer; pass a path to use a gnuplot that is not on `PATH`.
    public init(executable: String = "gnuplot") {
        self.executable = executable
    }

    /// Writes `<name>.csv` (and any further data tables), `<name>.gp` and
    /// `<name>.svg` into `directory`, creating it if needed; returns the file
    /// names written, data first, SVG last.
    @discardableResult
    public func render(_ figure: any Figure, into directory: String) throws -> [String] {
        let tables = try figure.dataTables()
        let script = try figure.gnuplotScript()
        let scriptPath = directory + "/" + figure.scriptFileName
        let gnuplot = try resolvedExecutable(script: scriptPath)
        for table in tables {
            try AtomicFile.write(table.csv(), to: directory + "/" + table.csvFileName)
        }
        try AtomicFile.write(script, to: scriptPath)

        let svgPath = directory + "/" + figure.svgFileName
        let temporary = AtomicFile.temporaryPath(for: svgPath)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let temporaryName = (temporary as NSString).lastPathComponent
        let (status, stderr) = try run(gnuplot, arguments: ["-d", "-e", "outfile='\(temporaryName)'", figure.scriptFileName],
                                       in: directory, script: scriptPath)
        guard status == 0 else { throw ReportingError.gnuplotFailed(script: scriptPath, status: status, stderr: stderr) }
        let size = (try? FileManager.default.attributesOfItem(atPath: temporary)[.size] as? Int) ?? nil
        guard let size, size > 0 else {
            throw ReportingError.gnuplotFailed(script: scriptPath, status: status, stderr: stderr + "\n(no SVG was written)")
        }
        try AtomicFile.rename(temporary, to: svgPath)
        return tables.map(\.csvFileName) + [figure.scriptFileName, figure.svgFileName]
    }

    /// The executable's absolute path: `executable` itself when it contains a
    /// `/`, otherwise the first match on `PATH`, as a shell would find it.
    private func resolvedExecutable(script: String) throws -> String {
        let candidates = executable.contains("/")
            ? [executable]
            : (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
                .split(separator: ":").map { "\($0)/\(executable)" }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw ReportingError.gnuplotNotFound(executable: executable, script: script)
        }
        return found
    }

    /// Runs the executable to completion and returns its exit status and standard error.
    private func run(_ path: String, arguments: [String], in directory: String, script: String) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["LC_NUMERIC"] = "C"
        process.environment = environment
        let errorPipe = Pipe()
        process.standardError = errorPipe
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ReportingError.gnuplotNotFound(executable: path, script: script)
        }
        // Reading to the end before waiting keeps a chatty gnuplot from blocking on a full pipe.
        let stderr = errorPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }
}
