import Foundation
import Testing

/// Crash safety of the real pipeline (issue 16, part 3): `Pipelines/ci.yaml` run
/// as a user runs it, SIGKILLed at 20 seeded random moments spread over every
/// stage — the generate workers' blocks, training, validation, the case studies,
/// the report and its publication — and resumed after each kill. The kills land
/// one after another in one work directory (each resumed run is the next one
/// killed), so the resumes start from every kind of half-finished state.
///
/// After every kill: no generate worker outlives the run; every cache entry
/// present is whole (its files equal the uninterrupted run's); a published report,
/// if there is one, is the complete one. At the end: the cached outputs and the
/// published report byte-identical to an uninterrupted run's, nothing left in
/// `incomplete/`, no temporary file anywhere in the work directory or the reports.
@Suite(.serialized) struct KillAnywhereTests {
    let pipeline = CommandLineRun.packageRoot.appendingPathComponent("Pipelines/ci.yaml").path
    static let stages = ["data", "models", "paper_models", "accuracy", "cases", "report"]
    static let publication = "publication"

    /// One kill: where (a stage, or the report's publication) and how far into it.
    struct Moment: CustomStringConvertible {
        let target: String
        /// Fraction of the target's duration in the uninterrupted run.
        let fraction: Double
        /// When that is in the uninterrupted run, seconds from its start (orders the kills).
        let referenceSeconds: Double
        var description: String { "\(target) at \(String(format: "%.0f", fraction * 100)) %" }
    }

    /// Start and end of every stage in an uninterrupted run, and of the publication.
    struct Timeline {
        var windows: [String: (start: Double, end: Double)] = [:]

        init(_ lines: [(seconds: Double, text: String)]) throws {
            for stage in KillAnywhereTests.stages {
                let start = try #require(lines.first { $0.text.hasPrefix("[\(stage)] started") }?.seconds, "no start of \(stage)")
                let end = try #require(lines.first { $0.text.hasPrefix("[\(stage)] done") }?.seconds, "no end of \(stage)")
                windows[stage] = (start, end)
            }
            let published = try #require(lines.first { $0.text.hasPrefix("[report] published") }?.seconds)
            windows[KillAnywhereTests.publication] = (windows["report"]!.end, published)
        }
    }

    /// How often each target is drawn beyond its first kill, roughly by its share of the run's time.
    static let weights: [String: Int] = ["data": 6, "models": 1, "paper_models": 1, "accuracy": 3, "cases": 2, "report": 1, publication: 1]

    /// 20 moments from a fixed seed: every target once, the other 13 drawn by `weights`, each at a
    /// random fraction of its target (of its duration; for the publication, of the files copied).
    static func moments(_ timeline: Timeline) -> [Moment] {
        var random = SplitMix64(seed: 20_261_202)
        let targets = stages + [publication]
        var chosen = targets
        let total = targets.reduce(0) { $0 + weights[$1]! }
        while chosen.count < 20 {
            var u = Int(random.next() % UInt64(total))
            chosen.append(targets.first { u -= weights[$0]!; return u < 0 }!)
        }
        return chosen.map { target in
            // Kills in a stage's last 15 % could miss it when the resumed run is faster. The publication
            // copies the figures first, one by one, then the small tables in a burst too fast to stop in:
            // its kills fall among the first 45 % of the files.
            let fraction = target == publication ? 0.45 * random.unit() : 0.05 + 0.8 * random.unit()
            let window = timeline.windows[target]!
            return Moment(target: target, fraction: fraction, referenceSeconds: window.start + fraction * (window.end - window.start))
        }.sorted { $0.referenceSeconds < $1.referenceSeconds }
    }

    @Test("SIGKILL at 20 seeded moments across every stage, resumed each time: outputs byte-identical, no stray files")
    func killAnywhere() throws {
        let directory = try CommandLineRun.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }

        let reference = directory.appendingPathComponent("reference")
        let uninterrupted = try ObservedRun(arguments(work: reference))
        #expect(uninterrupted.waitForExit().status == 0, "\(uninterrupted.lines.map(\.text))")
        let timeline = try Timeline(uninterrupted.lines)
        let expectedCache = try PipelineOutputs.cached(in: reference)
        let expectedReport = try PipelineOutputs.published(report: reference.appendingPathComponent("reports/ci"))
        let expectedEntries = try entries(reference)
        #expect(expectedCache.keys.contains { $0.hasSuffix("/dataset.h5") } && expectedReport.keys.contains("/report.md"))

        var segment = 0
        var work = directory.appendingPathComponent("killed-0")
        var kills: [String] = []
        var killsWithWorkers = 0
        var stagesHit: Set<String> = []
        for moment in Self.moments(timeline) {
            // A resumed run can be faster than the reference, so a kill may land after its target has
            // finished: it still counts, and the moment is taken again at half the fraction. A kill that
            // finds the whole run done (a late moment of the last stage) lets that work directory finish
            // and be checked, and the moment is taken again, at half the fraction, from a fresh one.
            var attempt = moment
            var landedInTarget = false
            for _ in 0..<4 where !landedInTarget {
                guard let landed = try kill(at: attempt, timeline: timeline, reportFileCount: expectedReport.count, work: work) else {
                    try checkFinished(work, expectedCache: expectedCache, expectedReport: expectedReport, expectedEntries: expectedEntries)
                    segment += 1
                    work = directory.appendingPathComponent("killed-\(segment)")
                    attempt = Moment(target: moment.target, fraction: attempt.fraction / 2, referenceSeconds: attempt.referenceSeconds)
                    continue
                }
                kills.append("\(attempt): running \(landed.running.sorted().joined(separator: ", "))"
                             + (landed.workers > 0 ? ", \(landed.workers) generate workers" : ""))
                if landed.workers > 0 { killsWithWorkers += 1 }
                stagesHit.formUnion(landed.running)
                try checkAfterKill(work, expectedCache: expectedCache, expectedReport: expectedReport)
                landedInTarget = landed.running.contains(moment.target)
                attempt = Moment(target: moment.target, fraction: attempt.fraction / 2, referenceSeconds: attempt.referenceSeconds)
            }
        }
        try checkFinished(work, expectedCache: expectedCache, expectedReport: expectedReport, expectedEntries: expectedEntries)
        #expect(kills.count >= 20)
        let targets = Set(Self.stages + [Self.publication])
        #expect(stagesHit.isSuperset(of: targets), "never killed in: \(targets.subtracting(stagesHit)); \(kills)")
        #expect(killsWithWorkers >= 1, "no kill while generate workers ran: \(kills)")
        print("kill-anywhere: \(kills.count) kills in \(segment + 1) work director\(segment == 0 ? "y" : "ies"):\n  " + kills.joined(separator: "\n  "))
    }

    private func arguments(work: URL) -> [String] {
        ["run", pipeline, "--work-dir", work.path, "--reports", work.appendingPathComponent("reports").path]
    }

    /// Runs (resumes) the pipeline in `work` and SIGKILLs it at `moment`: `fraction` of the target
    /// stage's reference duration after it started, or for the publication once that fraction of the
    /// report's files has been copied. Returns the stages running at the kill (and "publication" when
    /// it was cut short) and the generate workers alive then; nil when the run got past the moment
    /// first (then it has been left to finish).
    private func kill(at moment: Moment, timeline: Timeline, reportFileCount: Int, work: URL) throws -> (running: Set<String>, workers: Int)? {
        var run = try ObservedRun(arguments(work: work))
        if moment.target == Self.publication {
            // The stepping can be outrun when this process is descheduled between SIGCONT and SIGSTOP (a
            // loaded machine). Then the run has finished and published; removing the published report
            // (as a user may) makes the next run, all cache hits, publish again: up to 10 tries.
            var tries = 1
            while !stepIntoPublication(run, copied: max(1, Int(moment.fraction * Double(reportFileCount))), work: work) {
                run.send(SIGCONT)
                guard run.waitForExit().status == 0, tries < 10 else { return nil }
                try FileManager.default.removeItem(at: work.appendingPathComponent("reports/ci"))
                run = try ObservedRun(arguments(work: work))
                tries += 1
            }
        } else {
            let trigger = { (line: String) in line.hasPrefix("[\(moment.target)] started") || line.hasPrefix("[\(moment.target)] cached") }
            guard let line = run.waitForLine(where: trigger), !line.text.hasPrefix("[\(moment.target)] cached") else {
                _ = run.waitForExit()
                return nil
            }
            let window = timeline.windows[moment.target]!
            let deadline = line.seconds + moment.fraction * (window.end - window.start)
            while run.elapsed < deadline { usleep(UInt32(max(100, min(5000, (deadline - run.elapsed) * 1e6)))) }
        }
        let workers = processes(withCommandLineContaining: work.path + "/incomplete/").count
        run.kill()
        let ended = run.waitForExit()
        guard ended.killedBySignal, ended.status == SIGKILL else { return nil }
        var running: Set<String> = []
        for line in run.lines {
            for name in Self.stages {
                if line.text.hasPrefix("[\(name)] started") { running.insert(name) }
                if line.text.hasPrefix("[\(name)] done") { running.remove(name) }
            }
        }
        if moment.target == Self.publication && !run.lines.contains(where: { $0.text.hasPrefix("[report] published") })
            && FileManager.default.fileExists(atPath: work.appendingPathComponent("reports/.ci.incoming").path) {
            running.insert(Self.publication)
        }
        // The workers must not outlive their parent: they quit when its lifeline pipe closes.
        let limit = Date(timeIntervalSinceNow: 5)
        while !processes(withCommandLineContaining: work.path + "/incomplete/").isEmpty, Date() < limit { usleep(10_000) }
        #expect(processes(withCommandLineContaining: work.path + "/incomplete/").isEmpty,
                "generate workers outlived the killed run (\(moment))")
        return (running, workers)
    }

    /// Publishing copies the report into `reports/.ci.incoming`, then renames it to `reports/ci`: a
    /// few milliseconds, too short to hit by timing. So the run is stepped: stopped at once (SIGSTOP),
    /// then let go for 1 ms at a time (SIGCONT … SIGSTOP) until the report stage starts or a stage is
    /// found cached (the publication can then follow within a millisecond), then for 20 µs at a time
    /// until `copied` files of the report are in the incoming directory. Returns true with the run
    /// stopped there; false when it published first.
    private func stepIntoPublication(_ run: ObservedRun, copied: Int, work: URL) -> Bool {
        run.send(SIGSTOP)
        let incoming = work.appendingPathComponent("reports/.ci.incoming")
        let limit = Date(timeIntervalSinceNow: 120)
        var near = false
        // A killed publication leaves its incoming directory behind, which the next one removes first:
        // count only a copy into a new directory (another inode, or fewer files than the leftover).
        let leftover = (inode: inode(of: incoming), files: fileCount(under: incoming) ?? 0)
        var copying = leftover.inode == nil
        while Date() < limit {
            let lines = run.lines.map(\.text)
            if !run.isRunning || lines.contains(where: { $0.hasPrefix("[report] published") }) { return false }
            near = near || lines.contains { $0.hasPrefix("[report] started") || $0.hasSuffix(")") && $0.contains("] cached (") }
            if let files = fileCount(under: incoming) {
                let current = inode(of: incoming)
                copying = copying || current == nil || current != leftover.inode || files < leftover.files
                if copying && files >= copied { return true }
            }
            run.send(SIGCONT)
            if near {
                // Small report files copy in microseconds each: spin rather than sleep (usleep overshoots).
                let end = ContinuousClock.now + .microseconds(20)
                while ContinuousClock.now < end {}
            } else {
                usleep(1000)
            }
            run.send(SIGSTOP)
        }
        return false
    }

    /// Files (not directories) below `url` without reading them — this runs between 20 µs steps; nil when `url` is absent.
    private func fileCount(under url: URL) -> Int? {
        guard let enumerator = FileManager.default.enumerator(atPath: url.path) else { return nil }
        var count = 0
        while enumerator.nextObject() != nil { if enumerator.fileAttributes?[.type] as? FileAttributeType != .typeDirectory { count += 1 } }
        return count
    }

    private func inode(of url: URL) -> UInt64? {
        var status = stat()
        return stat(url.path, &status) == 0 ? UInt64(status.st_ino) : nil
    }

    /// Right after a kill: every cache entry is whole, and a published report is complete.
    private func checkAfterKill(_ work: URL, expectedCache: [String: Data], expectedReport: [String: Data]) throws {
        let cached = try PipelineOutputs.cached(in: work)
        func entry(_ path: String) -> Substring { path.split(separator: "/")[0] }
        for name in Set(cached.keys.map(entry)) {
            let expected = expectedCache.filter { entry($0.key) == name }
            let found = cached.filter { entry($0.key) == name }
            #expect(!expected.isEmpty && found == expected, "cache entry \(name) is not whole after a kill")
        }
        let report = work.appendingPathComponent("reports/ci")
        if FileManager.default.fileExists(atPath: report.path) {
            #expect(try PipelineOutputs.published(report: report) == expectedReport, "a partial report was published")
        }
    }

    /// After the last resume: the same bytes as the uninterrupted run, nothing stray.
    private func checkFinished(_ work: URL, expectedCache: [String: Data], expectedReport: [String: Data],
                               expectedEntries: [String]) throws {
        let resumed = try CommandLineRun.run(arguments(work: work))
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(try PipelineOutputs.cached(in: work) == expectedCache)
        #expect(try PipelineOutputs.published(report: work.appendingPathComponent("reports/ci")) == expectedReport)
        #expect(try entries(work) == expectedEntries, "the work directory holds other files than an uninterrupted run's")
        let incomplete = (try? FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("incomplete").path)) ?? []
        #expect(incomplete.isEmpty, "left in incomplete/: \(incomplete)")
        let reports = try FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("reports").path)
        #expect(reports == ["ci"], "stray entries in the reports directory: \(reports)")
        let temporary = try PipelineOutputs.files(under: work).keys.filter { $0.contains(".tmp") || $0.contains(".incoming") || $0.contains(".outgoing") }
        #expect(temporary.isEmpty, "temporary files left: \(temporary.sorted())")
    }

    /// The paths under a work directory that any finished run has, whatever its history:
    /// everything but the run manifests (one per run) and the lock file.
    private func entries(_ work: URL) throws -> [String] {
        try PipelineOutputs.files(under: work).keys
            .filter { !$0.hasPrefix("/runs/") && $0 != "/lock" && !$0.hasPrefix("/reports/") }
            .sorted()
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): the test's seeded moments.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}
