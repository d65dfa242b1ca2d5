import ArgumentParser
import Foundation
import OPFDataset

/// `p2pgrid merge part-*.h5 --out data.h5`: joins the shards of a dataset
/// (DESIGN.md §10) into the file one `generate` writes, byte for byte.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join dataset shards (generate --shard I/N) into the dataset one generate run writes, byte for byte.",
        discussion: """
            SHARDS are the N files of `generate --shard I/N` for I = 0…N−1, in any order. The output is \
            byte-identical to `generate` without --shard with the same spec, split, seed and --samples. \
            When every shard has its FILE.timings.h5 sidecar, their solve times are merged into \
            OUT.timings.h5 too (one wall time per shard).

            Refused with exit status 2, naming the file and what differs, and writing nothing: a file that \
            cannot be read (truncated, not HDF5), a file that is not a shard, shards of another code version, \
            of different specs, seeds, splits or sample counts, and a missing or duplicated shard. \
            Exit status 1: the output cannot be written.
            """
    )

    @Argument(help: "The shard files.")
    var shards: [String]

    @Option(name: .long, help: "Output HDF5 file (written atomically).")
    var out: String

    func run() throws {
        guard !shards.isEmpty else {
            PowerFlowCommand.fail("p2pgrid merge: no shard files given")
            throw ExitCode(2)
        }
        let start = ContinuousClock.now
        let summary: MergeSummary
        do {
            summary = try DatasetMerge.merge(shards, to: out)
        } catch let error as DatasetError {
            PowerFlowCommand.fail("p2pgrid merge: \(error)")
            throw ExitCode(2)
        } catch {
            PowerFlowCommand.fail("p2pgrid merge: \(error)")
            throw ExitCode(1)
        }
        let elapsed = ContinuousClock.now - start
        print("wrote \(out) (\(summary.samples) samples from \(summary.shards) shards in \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 2)))))")
        print(summary.timingsPath.map { "wrote \($0) (solve times)" } ?? "no timings merged: some shard has no .timings.h5 sidecar")
    }
}
