import Testing

/// Usage errors exit with status 2 like every other bad input; help exits 0.
@Suite struct UsageErrorTests {
    @Test("Unknown options, missing arguments and unknown subcommands exit 2 with a message",
          arguments: [["powerflow", "--bogus"], ["opf"], ["nosuchcommand"], ["generate", "--samples", "x"]])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let run = try CommandLineRun.run(arguments)
        #expect(run.status == 2, "\(arguments): \(run.standardError)")
        #expect(run.standardError.contains("Usage") || run.standardError.contains("Error"), "\(run.standardError)")
    }

    @Test func helpExitsZero() throws {
        let run = try CommandLineRun.run(["--help"])
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("generate") && run.standardOutput.contains("run"))
        #expect(!run.standardOutput.contains("generate-worker"))
    }
}
