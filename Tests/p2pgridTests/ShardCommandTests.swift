import Foundation
import Testing

/// `generate --shard`, `merge` and `slurm generate --dry-run`, run as a user runs them.
@Suite struct ShardCommandTests {
    let spec = CommandLineRun.packageRoot.appendingPathComponent("Datasets/specs/ieee33-stressed.yaml").path

    @Test("Two shards merged by the command line give generate's file; a missing shard is exit 2 and writes nothing")
    func shardAndMerge() throws {
        let directory = try CommandLineRun.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        let common = ["--spec", spec, "--samples", "40", "--seed", "8", "--threads", "1"]
        #expect(try CommandLineRun.run(["generate"] + common + ["--out", path("whole.h5")]).status == 0)
        for index in 0..<2 {
            let run = try CommandLineRun.run(["generate"] + common + ["--shard", "\(index)/2", "--out", path("part-\(index).h5")])
            #expect(run.status == 0, "\(run.standardError)")
            #expect(run.standardOutput.contains("shard \(index)/2"))
        }
        let merged = try CommandLineRun.run(["merge", path("part-1.h5"), path("part-0.h5"), "--out", path("merged.h5")])
        #expect(merged.status == 0, "\(merged.standardError)")
        #expect(merged.standardOutput.contains("40 samples from 2 shards"))
        #expect(FileManager.default.contents(atPath: path("merged.h5")) == FileManager.default.contents(atPath: path("whole.h5")))

        let missing = try CommandLineRun.run(["merge", path("part-0.h5"), "--out", path("half.h5")])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("1 of 2 shards missing: 1/2"), "\(missing.standardError)")
        #expect(!FileManager.default.fileExists(atPath: path("half.h5")))
        let notShard = try CommandLineRun.run(["merge", path("whole.h5"), "--out", path("x.h5")])
        #expect(notShard.status == 2 && notShard.standardError.contains("whole.h5: is not a shard"), "\(notShard.standardError)")
        let badShard = try CommandLineRun.run(["generate"] + common + ["--shard", "2/2", "--out", path("p.h5")])
        #expect(badShard.status == 2 && badShard.standardError.contains("--shard: index 2 must be in 0..<2"), "\(badShard.standardError)")
        let tooMany = try CommandLineRun.run(["generate"] + common + ["--shard", "0/4", "--out", path("p.h5")])
        #expect(tooMany.status == 2 && tooMany.standardError.contains("at most 3 shards"), "\(tooMany.standardError)")
    }

    @Test("slurm generate --dry-run prints the job array and the merge job and submits nothing")
    func slurmDryRun() throws {
        let directory = try CommandLineRun.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("run").path
        let run = try CommandLineRun.run(["slurm", "generate", "--spec", spec, "--samples", "100", "--seed", "3", "--shards", "3",
                                          "--out", out, "--split", "ood_load", "--partition", "debug", "--time", "00:20:00",
                                          "--cpus-per-task", "2", "--mem-per-cpu", "1500", "--account", "proj", "--dry-run"],
                                         environment: ["PATH": "/nonexistent"])
        #expect(run.status == 0, "\(run.standardError)")
        let text = run.standardOutput
        for line in ["#SBATCH --array=0-2", "#SBATCH --cpus-per-task=2", "#SBATCH --mem-per-cpu=1500", "#SBATCH --time=00:20:00",
                     "#SBATCH --partition=debug", "#SBATCH --account=proj", "#SBATCH --output=\(out)/logs/shard-%a-job%A.log",
                     "--split ood_load --samples 100 --seed 3 --shard \"$SLURM_ARRAY_TASK_ID/3\" --threads \"${SLURM_CPUS_PER_TASK:-1}\"",
                     "merge \(out)/shards/part-0.h5 \(out)/shards/part-1.h5 \(out)/shards/part-2.h5 --out \(out)/dataset.h5",
                     "sbatch --parsable \(out)/generate.sbatch",
                     "sbatch --parsable --dependency=afterok:<array job id> --kill-on-invalid-dep=yes \(out)/merge.sbatch"] {
            #expect(text.contains(line), "\(line)")
        }
        #expect(!FileManager.default.fileExists(atPath: out), "a dry run writes nothing")

        let noSlurm = try CommandLineRun.run(["slurm", "generate", "--spec", spec, "--samples", "100", "--shards", "3", "--out", out],
                                             environment: ["PATH": "/nonexistent"])
        #expect(noSlurm.status == 1 && noSlurm.standardError.contains("sbatch not found"), "\(noSlurm.standardError)")
        let badTime = try CommandLineRun.run(["slurm", "generate", "--spec", spec, "--samples", "100", "--shards", "3", "--out", out,
                                              "--time", "tomorrow"])
        #expect(badTime.status == 2 && badTime.standardError.contains("--time: 'tomorrow' is not a Slurm time limit"), "\(badTime.standardError)")
    }
}
