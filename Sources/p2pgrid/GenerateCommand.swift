import ArgumentParser
import Foundation
import OPFDataset

/// `p2pgrid generate --spec FILE --samples N --seed S --out FILE.h5 [--split NAME] [--threads N] [--shard I/N]`:
/// the OPF dataset generator of DESIGN.md §5 (with `--shard`, one part of it, §10).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate an OPF dataset: sample scenarios, clear the P2P market, run the DSO's OPF, store HDF5.",
        discussion: """
            SPEC is a dataset spec (Datasets/specs/*.yaml). --split picks one of its named \
            out-of-distribution variants (default: in_distribution). The file is written atomically; \
            solve times go to FILE.h5.timings.h5 so that FILE.h5 is byte-identical for the same seed \
            whatever the thread count.

            --shard I/N writes only shard I (0-based) of N of the same dataset: a contiguous run of \
            16-sample blocks, with the same per-sample seeds. `p2pgrid merge` joins the N shard files \
            into the file this command writes without --shard, byte for byte.

            Exit status: 0 done, 2 bad input, 1 failure while writing.
            """
    )

    @OptionGroup var request: DatasetRequestOptions

    @Option(name: .long, help: "Output HDF5 file.")
    var out: String

    @Option(name: .long, help: "Parallel workers (default: all cores). Workers are processes: Ipopt solves hold a process-wide lock (Debian's MUMPS cannot solve in two threads at once).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: "Write only shard I of N (0-based), e.g. 0/4; join the shards with `p2pgrid merge`.")
    var shard: String?

    @Flag(name: .long, help: "List the spec's splits and exit.")
    var listSplits = false

    func run() throws {
        let (spec, samples, seed, split) = (request.spec, request.samples, request.seed, request.split)
        let configuration: DatasetConfiguration
        do {
            configuration = try DatasetConfiguration(specFile: spec, split: split)
        } catch {
            PowerFlowCommand.fail("p2pgrid generate: \(error)")
            throw ExitCode(2)
        }
        if listSplits {
            print(configuration.splitNames.joined(separator: "\n"))
            return
        }
        guard samples >= 1 else {
            PowerFlowCommand.fail("p2pgrid generate: --samples \(samples) must be ≥ 1")
            throw ExitCode(2)
        }
        guard threads >= 1 else {
            PowerFlowCommand.fail("p2pgrid generate: --threads \(threads) must be ≥ 1")
            throw ExitCode(2)
        }
        var part: DatasetShard? = nil
        if let shard {
            do {
                part = try DatasetShard(parsing: shard)
                try part?.validate(samples: samples)
            } catch {
                PowerFlowCommand.fail("p2pgrid generate: \(error)")
                throw ExitCode(2)
            }
        }
        let label = "generate \(configuration.spec.name)/\(configuration.split)" + (part.map { " shard \($0)" } ?? "")
        let progress = ProgressLine(label: label)
        let dataset: GeneratedDataset
        do {
            dataset = try DatasetGenerator.generate(configuration, samples: samples, seed: seed, shard: part, workers: threads,
                                                    workerExecutable: RunningExecutable.path, progress: {
                progress.update(done: $0.completed, total: $0.total, rate: $0.samplesPerSecond, eta: $0.etaSeconds)
            })
        } catch {
            progress.finish()
            PowerFlowCommand.fail("p2pgrid generate: \(error)")
            throw ExitCode(1)
        }
        progress.finish()
        do {
            try DatasetWriter.write(dataset, to: out, timingsPath: out + ".timings.h5")
        } catch {
            PowerFlowCommand.fail("p2pgrid generate: \(error)")
            throw ExitCode(1)
        }
        let range = part.map { " \($0.samples(ofSamples: samples)) of \(samples), shard \($0)" } ?? ""
        print("wrote \(out) (\(configuration.split), \(dataset.sampleCount) samples\(range))")
        print(dataset.summary.text)
    }
}
