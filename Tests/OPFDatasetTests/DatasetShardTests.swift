import Foundation
import HDF5Store
import Testing
@testable import OPFDataset

@Suite("Dataset shards and merge")
struct DatasetShardTests {
    @Test("Shards are contiguous runs of whole blocks that cover every block once, sizes within one block")
    func partitionCoversEveryBlockOnce() throws {
        for samples in [1, 15, 16, 17, 100, 1000, 20_000, 500_003] {
            let blockCount = DatasetGenerator.blockCount(samples: samples)
            for count in Set([1, 2, 3, 7, 64, blockCount].filter { $0 <= blockCount }) {
                let shards = try (0..<count).map { try DatasetShard(index: $0, count: count) }
                let blocks = shards.map { $0.blocks(ofSamples: samples) }
                #expect(blocks.first?.lowerBound == 0)
                #expect(blocks.last?.upperBound == blockCount)
                for (left, right) in zip(blocks, blocks.dropFirst()) { #expect(left.upperBound == right.lowerBound) }
                let sizes = blocks.map(\.count)
                #expect(sizes.min()! >= 1 && sizes.max()! - sizes.min()! <= 1, "samples \(samples), \(count) shards: \(sizes)")
                #expect(shards.map { $0.samples(ofSamples: samples).count }.reduce(0, +) == samples)
            }
            #expect(throws: DatasetError.self) { try DatasetShard(index: 0, count: blockCount + 1).validate(samples: samples) }
        }
        #expect(try DatasetShard(parsing: "2/5") == DatasetShard(index: 2, count: 5))
        for bad in ["5/5", "-1/3", "1/0", "1", "a/b", "1/2/3", ""] {
            #expect(throws: DatasetError.self, "\(bad)") { try DatasetShard(parsing: bad) }
        }
    }

    @Test("Merged shards are byte-identical to one run, for 1, 2, 3 and 5 shards, in- and out-of-distribution")
    func mergeIsByteIdentical() throws {
        let directory = try DatasetFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for split in [nil, "ood_load"] {
            let configuration = try DatasetConfiguration(specFile: DatasetFixtures.stressedSpec, split: split)
            let samples = 75, seed: UInt64 = 4
            let whole = directory.appendingPathComponent("whole-\(configuration.split).h5").path
            try DatasetWriter.write(try DatasetGenerator.generate(configuration, samples: samples, seed: seed), to: whole,
                                    timingsPath: nil)
            let expected = try Data(contentsOf: URL(fileURLWithPath: whole))
            for count in [1, 2, 3, 5] {
                var parts: [String] = []
                for index in (0..<count).reversed() {
                    let shard = try DatasetShard(index: index, count: count)
                    let path = directory.appendingPathComponent("\(configuration.split)-\(index)of\(count).h5").path
                    let dataset = try DatasetGenerator.generate(configuration, samples: samples, seed: seed, shard: shard)
                    #expect(dataset.sampleCount == shard.samples(ofSamples: samples).count)
                    try DatasetWriter.write(dataset, to: path, timingsPath: path + ".timings.h5")
                    #expect(DatasetMerge.problem(withFileAt: path, configuration: configuration, samples: samples, seed: seed,
                                                 shard: shard) == nil)
                    parts.append(path)
                }
                let merged = directory.appendingPathComponent("merged-\(configuration.split)-\(count).h5").path
                let summary = try DatasetMerge.merge(parts, to: merged)
                #expect(summary.samples == samples && summary.shards == count)
                #expect(try Data(contentsOf: URL(fileURLWithPath: merged)) == expected, "\(configuration.split), \(count) shards")
                let timings = try SolveTimings(readingFile: try #require(summary.timingsPath))
                #expect(timings.opfSeconds.count == samples && timings.wallSeconds.count == count)
            }
        }
    }

    @Test("Bad shard sets are refused naming the file and what differs, and nothing is written")
    func badShardSetsRefused() throws {
        let directory = try DatasetFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try DatasetConfiguration(specFile: DatasetFixtures.stressedSpec)
        let samples = 48
        func shard(_ index: Int, of count: Int, seed: UInt64 = 1, _ configuration: DatasetConfiguration = configuration,
                   samples: Int = samples, name: String? = nil) throws -> String {
            let path = directory.appendingPathComponent(name ?? "s\(seed)-\(configuration.split)-\(samples)-\(index)of\(count).h5").path
            if !FileManager.default.fileExists(atPath: path) {
                try DatasetWriter.write(try DatasetGenerator.generate(configuration, samples: samples, seed: seed,
                                                                      shard: DatasetShard(index: index, count: count)),
                                        to: path, timingsPath: nil)
            }
            return path
        }
        let output = directory.appendingPathComponent("out.h5").path
        func refusal(_ paths: [String]) -> String {
            do {
                _ = try DatasetMerge.merge(paths, to: output)
                return "merged"
            } catch {
                return "\(error)"
            }
        }
        let good = try (0..<3).map { try shard($0, of: 3) }

        #expect(refusal([good[0], good[2]]).contains("1 of 3 shards missing: 1/3"))
        #expect(refusal([good[0], good[1], good[1], good[2]]).contains("shard 1/3 given more than once"))
        let otherSeed = try shard(1, of: 3, seed: 2)
        #expect(refusal([good[0], otherSeed, good[2]]).contains("\(otherSeed): seed is 2"))
        let ood = try DatasetConfiguration(specFile: DatasetFixtures.stressedSpec, split: "ood_load")
        let otherSplit = try shard(1, of: 3, ood)
        #expect(refusal([good[0], otherSplit, good[2]]).hasPrefix(otherSplit))
        let otherCount = try shard(1, of: 2)
        #expect(refusal([good[0], otherCount, good[2]]).contains("is shard 1/2"))
        let otherSamples = try shard(1, of: 3, samples: 64)
        #expect(refusal([good[0], otherSamples, good[2]]).contains("of 64 samples"))

        // Another spec: the same feeder and distribution under another name.
        let edited = try DatasetFixtures.stressedSpecText().replacingOccurrences(of: "name: ieee33-stressed", with: "name: ieee33-other")
        let otherSpecFile = try DatasetFixtures.writeSpec(edited, in: directory, name: "other.yaml")
        let otherSpec = try shard(1, of: 3, try DatasetConfiguration(specFile: otherSpecFile), name: "other-spec.h5")
        #expect(refusal([good[0], otherSpec, good[2]]).contains("config differs in: spec, specName"))

        // Another code version.
        let old = directory.appendingPathComponent("old.h5").path
        try FileManager.default.copyItem(atPath: good[1], toPath: old)
        let file = try HDF5File.openReadWrite(atPath: old)
        try file.setAttribute("code_version", to: "opf-dataset/1")
        try file.close()
        #expect(refusal([good[0], old, good[2]]).contains("\(old): written by code version opf-dataset/1"))

        // A truncated file, an empty one, a file that is not HDF5, a whole dataset that is not a shard.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: good[1]))
        let truncated = directory.appendingPathComponent("truncated.h5").path
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        #expect(refusal([good[0], truncated, good[2]]).contains("\(truncated): cannot be opened as HDF5"))
        let text = directory.appendingPathComponent("text.h5").path
        try Data("not hdf5".utf8).write(to: URL(fileURLWithPath: text))
        #expect(refusal([good[0], text, good[2]]).contains("\(text): cannot be opened as HDF5"))
        #expect(refusal([good[0], directory.appendingPathComponent("absent.h5").path]).contains("absent.h5: no such file"))
        let whole = directory.appendingPathComponent("whole.h5").path
        try DatasetWriter.write(try DatasetGenerator.generate(configuration, samples: 16, seed: 1), to: whole, timingsPath: nil)
        #expect(refusal([whole]).contains("\(whole): is not a shard"))

        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).allSatisfy { !$0.hasPrefix("out.h5") })
        #expect(refusal(good) == "merged")

        // What a resumed run regenerates.
        let first = try DatasetShard(index: 1, count: 3)
        #expect(DatasetMerge.problem(withFileAt: good[1], configuration: configuration, samples: samples, seed: 1, shard: first) == nil)
        #expect(DatasetMerge.problem(withFileAt: good[1], configuration: configuration, samples: samples, seed: 9, shard: first) == "has seed 1, not 9")
        #expect(DatasetMerge.problem(withFileAt: good[0], configuration: configuration, samples: samples, seed: 1, shard: first)?
            .contains("is shard 0/3") == true)
        #expect(DatasetMerge.problem(withFileAt: truncated, configuration: configuration, samples: samples, seed: 1, shard: first)?
            .contains("cannot be opened") == true)
        #expect(DatasetMerge.problem(withFileAt: otherSpec, configuration: configuration, samples: samples, seed: 1, shard: first)
            == "was generated from another spec configuration")
        #expect(DatasetMerge.problem(withFileAt: old + ".absent", configuration: configuration, samples: samples, seed: 1, shard: first)
            == "missing")
        #expect(DatasetMerge.problem(withFileAt: whole, configuration: configuration, samples: 16, seed: 1, shard: nil) == nil)
        #expect(DatasetMerge.problem(withFileAt: whole, configuration: configuration, samples: 32, seed: 1, shard: nil) == "holds 16 samples, not 32")
        #expect(DatasetMerge.problem(withFileAt: good[0], configuration: configuration, samples: samples, seed: 1, shard: nil)
            == "is a shard, not a merged dataset")
    }
}
