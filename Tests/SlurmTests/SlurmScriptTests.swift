import Foundation
import Testing
@testable import Slurm

/// The sbatch scripts p2pgrid writes and the Slurm output it reads. (Submitting
/// and following real jobs is `scripts/slurm-test`, on a real single-node Slurm.)
@Suite struct SlurmScriptTests {
    @Test("Array indices in Slurm's compact syntax, checked against the indices themselves")
    func arraySpecExpandsToTheIndices() {
        func expand(_ spec: String) -> [Int] {
            spec.split(separator: ",").flatMap { part -> [Int] in
                let bounds = part.split(separator: "-").map { Int($0)! }
                return bounds.count == 1 ? bounds : Array(bounds[0]...bounds[1])
            }
        }
        #expect(SlurmBatchScript.arraySpec([0, 1, 2, 3]) == "0-3")
        #expect(SlurmBatchScript.arraySpec([7, 2, 3, 9, 10, 0]) == "0,2-3,7,9-10")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let indices = Set((0..<Int.random(in: 1...30, using: &generator)).map { _ in Int.random(in: 0..<64, using: &generator) })
            #expect(expand(SlurmBatchScript.arraySpec(Array(indices))) == indices.sorted())
        }
    }

    @Test("Quoted words reach bash unchanged, whatever they hold")
    func quotingSurvivesBash() throws {
        let words = ["plain", "/path/with space/spec.yaml", "it's", "$HOME", "`id`", "a\"b", "semi;colon", "*", "new\nline", "--x=1,2"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "printf '%s\\0' " + words.map(SlurmBatchScript.quote).joined(separator: " ")]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(output.split(separator: 0).map { String(decoding: $0, as: UTF8.self) } == words)
    }

    @Test("A script carries its options as #SBATCH lines before the first command, and bash accepts it")
    func scriptText() throws {
        let options = SlurmJobOptions(partition: "debug", time: "01:30:00", cpusPerTask: 2, memPerCPUMB: 2000, account: "proj-1")
        let script = SlurmBatchScript(jobName: "p2pgrid-generate-x", options: options, arrayIndices: [0, 1, 2, 5],
                                      output: "/d/logs/shard-%a-job%A.log", comments: ["what it does"],
                                      commands: ["echo \"$SLURM_ARRAY_TASK_ID\""])
        let lines = script.text.split(separator: "\n").map(String.init)
        #expect(lines.first == "#!/bin/bash")
        let directives = lines.filter { $0.hasPrefix("#SBATCH ") }
        for expected in ["--job-name=p2pgrid-generate-x", "--array=0-2,5", "--cpus-per-task=2", "--mem-per-cpu=2000", "--time=01:30:00",
                         "--partition=debug", "--account=proj-1", "--output=/d/logs/shard-%a-job%A.log"] {
            #expect(directives.contains("#SBATCH " + expected), "\(expected)")
        }
        // sbatch stops reading directives at the first command line.
        let firstCommand = try #require(lines.firstIndex { !$0.hasPrefix("#") })
        #expect(lines.lastIndex { $0.hasPrefix("#SBATCH") }! < firstCommand)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("p2pgrid-sbatch-\(UUID().uuidString).sh")
        try script.text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/bin/bash")
        check.arguments = ["-n", file.path]
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
    }

    @Test("Options are checked before anything is submitted")
    func optionValidation() {
        for time in ["30", "30:00", "1:30:00", "2-0", "2-12:00", "2-12:00:00"] {
            #expect(SlurmJobOptions.isTimeLimit(time), "\(time)")
        }
        for time in ["", "1:2:3:4", "x", "1h", "-1", "1-", "1--2", "12:"] {
            #expect(!SlurmJobOptions.isTimeLimit(time), "\(time)")
        }
        #expect(throws: SlurmError.self) { try SlurmJobOptions(time: "soon").validate() }
        #expect(throws: SlurmError.self) { try SlurmJobOptions(cpusPerTask: 0).validate() }
        #expect(throws: SlurmError.self) { try SlurmJobOptions(memPerCPUMB: 0).validate() }
        #expect(throws: SlurmError.self) { try SlurmJobOptions(partition: "a b").validate() }
        #expect(throws: SlurmError.self) { try SlurmJobOptions(account: "x;rm").validate() }
        #expect(throws: Never.self) { try SlurmJobOptions(partition: "gpu-a100", time: "00:10:00", cpusPerTask: 8, account: "p.1").validate() }
    }

    @Test("squeue, sacct and scontrol output as Slurm 22.05 prints it")
    func parsesSlurmOutput() throws {
        let queue = try SlurmJobStatus.parseQueue("9|2|PENDING|Resources\n9|0|RUNNING|None\n10|N/A|PENDING|Dependency\n11|N/A|PENDING|DependencyNeverSatisfied\n")
        #expect(queue.map(\.name) == ["9_2", "9_0", "10", "11"])
        #expect(queue.map(\.isActive) == [true, true, true, true])
        #expect(queue.map(\.dependencyNeverSatisfied) == [false, false, false, true])
        #expect(throws: SlurmError.self) { try SlurmJobStatus.parseQueue("garbage\n") }

        let accounting = SlurmJobStatus.parseAccounting("12_0|COMPLETED|0:0\n12_1|CANCELLED by 0|0:15\n12_[2-3]|PENDING|0:0\n13|FAILED|1:0\n")
        #expect(accounting == [SlurmJobStatus(jobID: "12", arrayIndex: 0, state: "COMPLETED", exitCode: "0:0"),
                               SlurmJobStatus(jobID: "12", arrayIndex: 1, state: "CANCELLED", exitCode: "0:15"),
                               SlurmJobStatus(jobID: "13", arrayIndex: nil, state: "FAILED", exitCode: "1:0")])
        #expect(accounting.map(\.isActive) == [false, false, false])

        let control = SlurmJobStatus.parseControl("""
            JobId=15 ArrayJobId=14 ArrayTaskId=1 JobName=p2pgrid-generate UserId=root(0) JobState=FAILED Reason=NonZeroExitCode Dependency=(null) ExitCode=9:0 Command=/d/generate.sbatch
            JobId=16 JobName=p2pgrid-merge JobState=CANCELLED Reason=DependencyNeverSatisfied ExitCode=0:0
            """)
        #expect(control == [SlurmJobStatus(jobID: "14", arrayIndex: 1, state: "FAILED", reason: "NonZeroExitCode", exitCode: "9:0"),
                            SlurmJobStatus(jobID: "16", arrayIndex: nil, state: "CANCELLED", reason: "DependencyNeverSatisfied", exitCode: "0:0")])
    }

    @Test("A missing Slurm command says so instead of failing obscurely")
    func missingCommand() {
        #expect(throws: SlurmError.commandMissing(command: "p2pgrid-no-such-slurm-command")) {
            try SlurmClient().run("p2pgrid-no-such-slurm-command", [])
        }
    }
}
