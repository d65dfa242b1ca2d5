import Foundation
import HDF5Store
import Pipeline
import Reporting

/// Report section 5: where every number came from — each input stage's name,
/// kind, cache key, code version and seed, the report stage's own, and the
/// versions of the tools that shaped the bytes.
///
/// No timestamps and no paths, so the report stays byte-reproducible. The git
/// commit is left out on purpose: the report is cached under its inputs' keys,
/// so a commit id would record whichever checkout happened to run it first;
/// the run manifest (`<work dir>/runs/`) records the commit of every run.
enum ProvenanceSection {
    /// Declared outputs of this section.
    static var outputs: [String] {
        [ReportOutputs.table("provenance")]
    }

    /// One input: the slot it fills and the upstream stage.
    struct Source {
        let slot: String
        let input: StageInput
    }

    /// The section's blocks.
    static func blocks(pipeline: String, stage: String, seed: UInt64, codeVersion: String, sources: [Source],
                       gnuplotVersion: String) throws -> [ReportDocument.Block] {
        let table = try Table(
            name: "provenance", title: "Provenance",
            caption: "Cache keys cover each stage's kind, code version, parameters and inputs' keys (DESIGN.md §9).",
            columns: [Table.Column("input", format: .text), Table.Column("stage", format: .text), Table.Column("kind", format: .text),
                      Table.Column("cache key", format: .text), Table.Column("code version", format: .text),
                      Table.Column("seed", format: .text)],
            rows: sources.map { source in
                [.text(source.slot), .text(source.input.stageName), .text(source.input.kind), .text(source.input.key),
                 .text(source.input.codeVersion), .text(String(source.input.seed))]
            } + [[.text("(this report)"), .text(stage), .text("report"), .missing, .text(codeVersion), .text(String(seed))]])
        return [
            .heading("Provenance"),
            .paragraph("Pipeline `\(pipeline)`, report stage `\(stage)` (code version \(codeVersion), seed \(seed))."
                       + " Tools: Swift \(ToolVersions.compilerVersion), HDF5 \(HDF5File.libraryVersion), \(gnuplotVersion)."),
            .table(table),
        ]
    }

    /// `gnuplot --version` (e.g. `gnuplot 5.4 patchlevel 4`), or `gnuplot (version unknown)`.
    static func gnuplotVersion() -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gnuplot", "--version"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "gnuplot (version unknown)" }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !text.isEmpty ? text : "gnuplot (version unknown)"
    }
}
