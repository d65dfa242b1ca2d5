import Foundation
import HDF5Store
import Testing

/// Faults injected into real runs (issue 16, part 4): OPFs that stop at their
/// iteration limit, a generation worker killed mid-block, and a full disk (a
/// file-size limit, and — as root — a tiny tmpfs). Each ends with a per-sample
/// status or a clear error; nothing is half-written; the next run recovers.
@Suite(.serialized) struct FaultInjectionTests {
    let spec = CommandLineRun.packageRoot.appendingPathComponent("Datasets/specs/ieee33-stressed.yaml").path

    /// The stressed spec in `directory` with its system path made absolute and `extra` lines added.
    func spec(in directory: URL, adding extra: String = "") throws -> String {
        let text = try String(contentsOfFile: spec, encoding: .utf8)
            .replacingOccurrences(of: "../systems/", with: CommandLineRun.packageRoot.appendingPathComponent("Datasets/systems").path + "/")
        let path = directory.appendingPathComponent("spec-\(UUID().uuidString.prefix(8)).yaml").path
        try (text + extra).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The entries of `directory` (names only), sorted.
    func listing(_ directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    // MARK: OPFs that fail

    @Test("OPFs stopped by the iteration limit are kept with status iteration_limit; training uses the solved rest")
    func iterationLimitGivesPerSampleStatus() throws {
        let directory = try CommandLineRun.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The stressed spec's SOCP trade checks take 14–21 iterations of the radial IPM (and more of Ipopt,
        // which takes over a check the IPM could not finish, under the same limit); 16 stops a part of them.
        let limit = 16
        let limited = try spec(in: directory, adding: "opfIterationLimit: \(limit)\n")
        let out = directory.appendingPathComponent("limited.h5").path
        let run = try CommandLineRun.run(["generate", "--spec", limited, "--samples", "64", "--seed", "3", "--out", out, "--threads", "2"])
        #expect(run.status == 0, "\(run.standardError)")
        let file = try HDF5File.openReadOnly(atPath: out)
        let status = try file.read("/opf/status", as: Int32.self).values
        let iterations = try file.read("/opf/iterations", as: Int32.self).values
        let accepted = try file.read("/opf/accepted", as: UInt8.self).values
        try file.close()
        #expect(status.count == 64, "no sample may be dropped")
        let stopped = status.indices.filter { status[$0] == 3 }
        let solved = status.indices.filter { status[$0] <= 1 }
        #expect(!stopped.isEmpty && !solved.isEmpty && stopped.count + solved.count == 64, "\(status)")
        #expect(run.standardOutput.contains("iteration_limit \(stopped.count)"), "\(run.standardOutput)")
        // A stopped OPF is not an answer: never accepted. Its other fields keep the solver's last iterate,
        // for diagnosis; training and validation use only the solved samples.
        for sample in stopped { #expect(iterations[sample] >= limit && accepted[sample] == 0) }
        #expect(solved.contains { accepted[$0] == 1 })

        // The same seed gives the same bytes, failures included.
        let again = directory.appendingPathComponent("again.h5").path
        #expect(try CommandLineRun.run(["generate", "--spec", limited, "--samples", "64", "--seed", "3", "--out", again]).status == 0)
        #expect(FileManager.default.contents(atPath: again) == FileManager.default.contents(atPath: out))

        let train = try CommandLineRun.run(["train", "--data", out, "--model", "ridge", "--out", directory.appendingPathComponent("ridge.h5").path])
        #expect(train.status == 0, "\(train.standardError)")
    }

    @Test("When every OPF stops at the limit, generation still writes every sample and training refuses with exit 2")
    func everyOPFFailing() throws {
        let directory = try CommandLineRun.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("failed.h5").path
        let run = try CommandLineRun.run(["generate", "--spec", try spec(in: directory, adding: "opfIterationLimit: 1\n"),
                                          "--samples", "16", "--seed", "3", "--out", out])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("iteration_limit 16"), "\(run.standardOutput)")
        let model = directory.appendingPathComponent("ridge.h5").path
        let train = try CommandLineRun.run(["train", "--data", out, "--model", "ridge", "--out", model])
        #expect(train.status == 2 && train.standardError.contains(out), "\(train.standardError)")
        #expect(!FileManager.default.fileExists(atPath: model))
    }

    @Test("A bad iteration limit is refused before any solve, naming the field")
    func badIterationLimit() throws {
        let directory = try CommandLineRun.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let bad = try spec(in: directory, adding: "opfIterationLimit: 0\n")
        let run = try CommandLineRun.run(["generate", "--spec", bad, "--samples", "4", "--out", directory.appendingPathComponent("x.h5").path])
        #expect(run.status == 2 && run.standardError.contains(bad) && run.standardError.contains("opfIterationLimit"), "\(run.standardError)")
    }

    // MARK: A worker dying mid-block

    /// Starts `p2pgrid generate` with 2 workers on 512 samples, SIGKILLs one worker once they run, and returns
    /// the generation's exit status, standard error and process id.
    func generateKillingWorker(out: String) throws -> (status: Int32, standardError: String, pid: Int32) {
        let run = try ObservedRun(["generate", "--spec", spec, "--samples", "512", "--seed", "8", "--out", out, "--threads", "2"])
        let fragment = "p2pgrid-generate-\(run.pid)-"
        let limit = Date(timeIntervalSinceNow: 60)
        var workers: [Int32] = []
        while workers.count < 2, Date() < limit {
            workers = processes(withCommandLineContaining: fragment)
            usleep(10_000)
        }
        #expect(workers.count == 2, "the generation's workers never appeared")
        usleep(300_000)  // into the first blocks
        if let victim = workers.last { kill(victim, SIGKILL) }
        let ended = run.waitForExit()
        #expect(!ended.killedBySignal)
        // The surviving worker is stopped, not left to finish its blocks.
        let gone = Date(timeIntervalSinceNow: 5)
        while !processes(withCommandLineContaining: fragment).isEmpty, Date() < gone { usleep(10_000) }
        #expect(processes(withCommandLineContaining: fragment).isEmpty, "a worker outlived the failed generation")
        return (ended.status, run.lines.map(\.text).joined(separator: "\n"), run.pid)
    }

    @Test("A generation worker killed mid-block: exit 1 naming it and the signal, nothing written, the next run recovers")
    func workerKilledMidBlock() throws {
        let directory = try CommandLineRun.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("data.h5").path
        let failed = try generateKillingWorker(out: out)
        #expect(failed.status == 1)
        #expect(failed.standardError.contains("generation worker") && failed.standardError.contains("killed by signal 9"), "\(failed.standardError)")
        let left = try listing(directory)
        #expect(left.isEmpty, "left behind: \(left)")
        let scratch = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix("p2pgrid-generate-\(failed.pid)-") }
        #expect(scratch.isEmpty, "the workers' scratch directory was left: \(scratch)")

        let recovered = try CommandLineRun.run(["generate", "--spec", spec, "--samples", "512", "--seed", "8", "--out", out, "--threads", "2"])
        #expect(recovered.status == 0, "\(recovered.standardError)")
        let single = directory.appendingPathComponent("single.h5").path
        #expect(try CommandLineRun.run(["generate", "--spec", spec, "--samples", "512", "--seed", "8", "--out", single, "--threads", "1"]).status == 0)
        #expect(FileManager.default.contents(atPath: out) == FileManager.default.contents(atPath: single))
    }

    /// A pipeline of one generate stage and one ridge model on `spec`.
    func smallPipeline(in directory: URL, samples: Int = 512) throws -> String {
        let text = """
            pipeline: faults
            seed: 8
            stages:
              data:
                kind: generate
                params: {spec: \(spec), samples: \(samples)}
              models:
                kind: train
                needs: [data]
                params: {models: [ridge]}
            """
        let path = directory.appendingPathComponent("faults.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("A worker killed inside a pipeline's generate stage: the stage fails clearly, no entry is cached, the next run completes")
    func workerKilledInPipeline() throws {
        let directory = try CommandLineRun.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pipeline = try smallPipeline(in: directory)
        let work = directory.appendingPathComponent("work")
        let run = try ObservedRun(["run", pipeline, "--work-dir", work.path])
        let fragment = work.path + "/incomplete/"
        let limit = Date(timeIntervalSinceNow: 60)
        var workers: [Int32] = []
        while workers.count < 2, Date() < limit {
            workers = processes(withCommandLineContaining: fragment)
            usleep(10_000)
        }
        #expect(workers.count == 2)
        usleep(300_000)
        if let victim = workers.first { kill(victim, SIGKILL) }
        let ended = run.waitForExit()
        let stderr = run.lines.map(\.text).joined(separator: "\n")
        #expect(ended.status == 1 && !ended.killedBySignal, "\(stderr)")
        #expect(stderr.contains("[data] failed") && stderr.contains("killed by signal 9"), "\(stderr)")
        let cached = (try? FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("stages").path)) ?? []
        #expect(cached.isEmpty, "a failed stage left a cache entry: \(cached)")
        #expect(try listing(work.appendingPathComponent("incomplete")).isEmpty, "the failed stage's scratch and outputs were left")

        let resumed = try CommandLineRun.run(["run", pipeline, "--work-dir", work.path])
        #expect(resumed.status == 0 && resumed.standardOutput.contains("2 stage(s) ran"), "\(resumed.standardError)")
    }

    // MARK: A full disk

    @Test("A file-size limit (ulimit -f) mid-write: exit 1 naming the file, no partial file, the next run recovers")
    func fileSizeLimit() throws {
        let directory = try CommandLineRun.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let binary = try #require(CommandLineRun.executable).path
        let out = directory.appendingPathComponent("data.h5").path
        let arguments = ["generate", "--spec", spec, "--samples", "128", "--seed", "2", "--out", out, "--threads", "2"]
        // 64 KiB: far less than the dataset (about 300 KiB), more than any worker's block file.
        let limited = try CommandLineRun.run(executable: URL(fileURLWithPath: "/bin/bash"),
                                             ["-c", "ulimit -f 64 && exec \"$0\" \"$@\"", binary] + arguments)
        #expect(limited.status == 1, "\(limited.status): \(limited.standardError)")
        #expect(limited.standardError.contains(directory.path) && limited.standardError.contains("File too large"), "\(limited.standardError)")
        let left = try listing(directory)
        #expect(left.isEmpty, "left behind: \(left)")
        let recovered = try CommandLineRun.run(arguments)
        #expect(recovered.status == 0, "\(recovered.standardError)")
        #expect((try FileManager.default.attributesOfItem(atPath: out)[.size] as? Int ?? 0) > 64 * 1024)
    }

    @Test("A full file system under a pipeline's work directory: a clear error, nothing cached half-written, the run resumes once there is room")
    func fullFileSystem() throws {
        guard getuid() == 0 else {
            print("skipped: mounting a small tmpfs needs root (the file-size-limit test covers the non-root case)")
            return
        }
        let directory = try CommandLineRun.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let mountPoint = directory.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        let mount = try CommandLineRun.run(executable: URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint.path])
        guard mount.status == 0 else {
            print("skipped: cannot mount a tmpfs here (\(mount.standardError.trimmingCharacters(in: .whitespacesAndNewlines)))")
            return
        }
        defer { _ = try? CommandLineRun.run(executable: URL(fileURLWithPath: "/bin/umount"), [mountPoint.path]) }
        let pipeline = try smallPipeline(in: directory, samples: 256)
        let work = mountPoint.appendingPathComponent("work")
        let full = try CommandLineRun.run(["run", pipeline, "--work-dir", work.path])
        #expect(full.status == 1, "\(full.status): \(full.standardError)")
        #expect(full.standardError.contains(work.path) && full.standardError.contains("No space left on device"), "\(full.standardError)")
        let cached = (try? FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("stages").path)) ?? []
        #expect(cached.isEmpty, "an entry was cached from a failed write: \(cached)")

        let grow = try CommandLineRun.run(executable: URL(fileURLWithPath: "/bin/mount"), ["-o", "remount,size=64m", mountPoint.path])
        #expect(grow.status == 0, "\(grow.standardError)")
        let resumed = try CommandLineRun.run(["run", pipeline, "--work-dir", work.path])
        #expect(resumed.status == 0 && resumed.standardOutput.contains("2 stage(s) ran"), "\(resumed.standardError)")
        #expect(try listing(work.appendingPathComponent("incomplete")).isEmpty)
    }
}
