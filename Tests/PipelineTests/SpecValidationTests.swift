import Testing
@testable import Pipeline

/// One malformed pipeline file and what its message must name.
struct MalformedSpec: CustomTestStringConvertible, Sendable {
    let label: String
    let yaml: String
    let line: Int
    let stage: String?
    let field: String
    let problem: String
    var testDescription: String { label }
}

private let header = "pipeline: p\nseed: 1\nstages:\n"

/// Every class of malformed spec is rejected before anything runs, with a
/// message naming file, line, stage and field (DESIGN.md §9, issue 7).
@Suite struct SpecValidationTests {
    static let cases: [MalformedSpec] = [
        MalformedSpec(label: "unknown kind", yaml: header + "  a:\n    kind: sourse\n    params: {samples: 1}\n",
                      line: 5, stage: "a", field: "kind", problem: "unknown stage kind 'sourse'; known kinds: combine, misbehaving"),
        MalformedSpec(label: "unknown parameter", yaml: header + "  a:\n    kind: source\n    params:\n      samples: 3\n      smaples: 4\n",
                      line: 8, stage: "a", field: "params.smaples", problem: "has no such parameter; parameters: samples, scale"),
        MalformedSpec(label: "missing parameter", yaml: header + "  a:\n    kind: source\n    params:\n      scale: 2\n",
                      line: 6, stage: "a", field: "params.samples", problem: "requires this parameter (integer in 1...1000"),
        MalformedSpec(label: "missing parameter without params", yaml: header + "  a:\n    kind: source\n",
                      line: 4, stage: "a", field: "params.samples", problem: "requires this parameter"),
        MalformedSpec(label: "integer given a word", yaml: header + "  a:\n    kind: source\n    params: {samples: many}\n",
                      line: 6, stage: "a", field: "params.samples", problem: "expected an integer, found 'many'"),
        MalformedSpec(label: "integer given a quoted number", yaml: header + "  a:\n    kind: source\n    params: {samples: \"5\"}\n",
                      line: 6, stage: "a", field: "params.samples", problem: "expected an integer, found '5'"),
        MalformedSpec(label: "integer given a real", yaml: header + "  a:\n    kind: source\n    params: {samples: 2.5}\n",
                      line: 6, stage: "a", field: "params.samples", problem: "expected an integer, found '2.5'"),
        MalformedSpec(label: "real given a word", yaml: header + "  a:\n    kind: source\n    params: {samples: 1, scale: big}\n",
                      line: 6, stage: "a", field: "params.scale", problem: "expected a number, found 'big'"),
        MalformedSpec(label: "bool given a number", yaml: header + "  a:\n    kind: source\n    params:\n      samples: 1\n      verbose: 1\n",
                      line: 8, stage: "a", field: "params.verbose", problem: "expected true or false, found '1'"),
        MalformedSpec(label: "list given a scalar", yaml: header + "  a:\n    kind: source\n    params: {samples: 1, weights: 0.5}\n",
                      line: 6, stage: "a", field: "params.weights", problem: "expected a list, found '0.5'"),
        MalformedSpec(label: "string given a mapping", yaml: header + "  a:\n    kind: source\n    params:\n      samples: 1\n      label: {x: 1}\n",
                      line: 8, stage: "a", field: "params.label", problem: "expected a string, found a mapping"),
        MalformedSpec(label: "integer out of range", yaml: header + "  a:\n    kind: source\n    params: {samples: 0}\n",
                      line: 6, stage: "a", field: "params.samples", problem: "value 0 is out of range; allowed: 1...1000"),
        MalformedSpec(label: "real out of range", yaml: header + "  a:\n    kind: source\n    params: {samples: 1, scale: 20}\n",
                      line: 6, stage: "a", field: "params.scale", problem: "value 20 is out of range; allowed: 0.5...10.0"),
        MalformedSpec(label: "enum value not allowed", yaml: header + "  a:\n    kind: source\n    params: {samples: 1, mode: slow}\n",
                      line: 6, stage: "a", field: "params.mode", problem: "value 'slow' is out of range; allowed: fast, exact"),
        MalformedSpec(label: "list element out of range", yaml: header + "  a:\n    kind: source\n    params:\n      samples: 1\n      weights: [0.5, 2]\n",
                      line: 8, stage: "a", field: "params.weights[1]", problem: "value 2 is out of range; allowed: -1.0...1.0"),
        MalformedSpec(label: "list too long", yaml: header + "  a:\n    kind: source\n    params: {samples: 1, weights: [0, 0, 0, 0, 0]}\n",
                      line: 6, stage: "a", field: "params.weights", problem: "value a list of 5 is out of range; allowed: 0...4 elements"),
        MalformedSpec(label: "dependency cycle", yaml: header + "  s:\n    kind: source\n    params: {samples: 1}\n  m1:\n    kind: combine\n    needs: [s, m2]\n  m2:\n    kind: combine\n    needs: [s, m1]\n",
                      line: 12, stage: "m2", field: "needs", problem: "dependency cycle: m1 → m2 → m1"),
        MalformedSpec(label: "stage needing itself", yaml: header + "  s:\n    kind: source\n    params: {samples: 1}\n  m:\n    kind: combine\n    needs:\n      - s\n      - m\n",
                      line: 11, stage: "m", field: "needs", problem: "dependency cycle: m → m"),
        MalformedSpec(label: "need of an unknown stage", yaml: header + "  s:\n    kind: source\n    params: {samples: 1}\n  m:\n    kind: combine\n    needs: [s, ghost]\n",
                      line: 9, stage: "m", field: "needs", problem: "needs unknown stage 'ghost'; stages in this pipeline: s, m"),
        MalformedSpec(label: "need of a kind no input takes", yaml: header + "  s:\n    kind: source\n    params: {samples: 1}\n  t:\n    kind: source\n    needs: [s]\n    params: {samples: 1}\n",
                      line: 9, stage: "t", field: "needs", problem: "stage 's' is of kind source, which kind source does not take; it takes: no inputs"),
        MalformedSpec(label: "required input not filled", yaml: header + "  s:\n    kind: source\n    params: {samples: 1}\n  m:\n    kind: combine\n",
                      line: 7, stage: "m", field: "needs", problem: "input 'parts' of kind combine takes one or more stage(s) of kind source, but 0 are listed"),
        MalformedSpec(label: "two report stages", yaml: header + "  s:\n    kind: source\n    params: {samples: 1}\n  m:\n    kind: combine\n    needs: [s]\n  r1:\n    kind: report\n    needs: [m]\n    params: {title: a}\n  r2:\n    kind: report\n    needs: [m]\n    params: {title: b}\n",
                      line: 15, stage: "r2", field: "kind", problem: "stage 'r1' already publishes this pipeline's report directory"),
        MalformedSpec(label: "needs is not a list", yaml: header + "  s:\n    kind: source\n    params: {samples: 1}\n  m:\n    kind: combine\n    needs: s\n",
                      line: 9, stage: "m", field: "needs", problem: "expected a list of stage names, found 's'"),
        MalformedSpec(label: "need listed twice", yaml: header + "  s:\n    kind: source\n    params: {samples: 1}\n  m:\n    kind: combine\n    needs: [s, s]\n",
                      line: 9, stage: "m", field: "needs", problem: "stage 's' is listed twice"),
        MalformedSpec(label: "unknown stage field", yaml: header + "  a:\n    kind: source\n    parms: {samples: 1}\n",
                      line: 6, stage: "a", field: "parms", problem: "unknown field; allowed fields: kind, params, needs, seed"),
        MalformedSpec(label: "missing kind", yaml: header + "  a:\n    params: {samples: 1}\n",
                      line: 4, stage: "a", field: "kind", problem: "required field is missing"),
        MalformedSpec(label: "stage is not a mapping", yaml: header + "  a: 5\n",
                      line: 4, stage: "a", field: "(stage)", problem: "expected a mapping with fields kind, params, needs, seed, executor, slurm, found '5'"),
        MalformedSpec(label: "stage seed negative", yaml: header + "  a:\n    kind: source\n    seed: -3\n    params: {samples: 1}\n",
                      line: 6, stage: "a", field: "seed", problem: "value -3 is out of range"),
        MalformedSpec(label: "stage name not an identifier", yaml: header + "  2fast:\n    kind: source\n    params: {samples: 1}\n",
                      line: 4, stage: nil, field: "stages", problem: "value '2fast' is out of range; allowed: a name of ASCII letters"),
        MalformedSpec(label: "unknown top-level field", yaml: "pipeline: p\nseed: 1\nworkdir: x\nstages:\n  a:\n    kind: source\n    params: {samples: 1}\n",
                      line: 3, stage: nil, field: "workdir", problem: "unknown field; allowed fields: pipeline, seed, workDirectory, executor, slurm, stages"),
        MalformedSpec(label: "seed not an integer", yaml: "pipeline: p\nseed: soon\nstages:\n  a:\n    kind: source\n    params: {samples: 1}\n",
                      line: 2, stage: nil, field: "seed", problem: "expected an integer, found 'soon'"),
        MalformedSpec(label: "no stages", yaml: "pipeline: p\nseed: 1\nstages: {}\n",
                      line: 3, stage: nil, field: "stages", problem: "expected a non-empty mapping of stage name to stage"),
    ]

    @Test(arguments: cases)
    func malformedSpecIsRejectedWithLocation(_ malformed: MalformedSpec) throws {
        let scratch = ScratchDirectory()
        let message = pipelineErrorMessage { _ = try parseSpec(malformed.yaml, in: scratch, name: "bad.yaml") }
        let text = try #require(message, "spec was accepted")
        #expect(text.hasPrefix(scratch.path + "/bad.yaml:\(malformed.line):"), "\(text)")
        if let stage = malformed.stage {
            #expect(text.contains("stage '\(stage)'"), "\(text)")
        }
        #expect(text.contains("field '\(malformed.field)'"), "\(text)")
        #expect(text.contains(malformed.problem), "\(text)")
    }

    @Test func yamlSyntaxErrorNamesFileAndLine() throws {
        let scratch = ScratchDirectory()
        let message = pipelineErrorMessage { _ = try parseSpec(header + "  a:\n    kind: source\n    params: {samples: [1}\n", in: scratch, name: "bad.yaml") }
        let text = try #require(message)
        #expect(text.hasPrefix(scratch.path + "/bad.yaml:6:"), "\(text)")
        #expect(text.contains("YAML syntax error"), "\(text)")
    }

    @Test func duplicateStageNameNamesLine() throws {
        let scratch = ScratchDirectory()
        let yaml = header + "  a:\n    kind: source\n    params: {samples: 1}\n  a:\n    kind: source\n    params: {samples: 2}\n"
        let text = try #require(pipelineErrorMessage { _ = try parseSpec(yaml, in: scratch, name: "bad.yaml") })
        #expect(text.contains("bad.yaml:"), "\(text)")
        #expect(text.contains("duplicate key(s) a"), "\(text)")
    }

    @Test func missingFileIsReported() {
        let text = pipelineErrorMessage { _ = try PipelineSpecParser(registry: testRegistry()).parse(file: "/nonexistent/ci.yaml") }
        #expect(text == "/nonexistent/ci.yaml: cannot read pipeline file: no such file")
    }

    @Test func badInputErrorsAreClassifiedForExitCodeTwo() throws {
        let scratch = ScratchDirectory()
        do {
            _ = try parseSpec(header + "  a:\n    kind: nope\n", in: scratch)
            Issue.record("accepted an unknown kind")
        } catch let error as PipelineError {
            #expect(error.isBadInput)
        }
        #expect(!PipelineError.workDirectoryLocked(path: "w", holder: "pid 1").isBadInput)
    }

    @Test func validSpecResolvesDefaultsSlotsAndOrder() throws {
        let scratch = ScratchDirectory()
        let spec = try parseSpec(diamondPipeline(), in: scratch)
        #expect(spec.name == "diamond")
        #expect(spec.seed == 42)
        #expect(spec.workDirectory == ".p2pgrid")
        let left = try #require(spec.stage(named: "left"))
        #expect(left.parameters.values == ["samples": .int(5), "scale": .double(1), "label": .string("x"),
                                           "mode": .string("fast"), "verbose": .bool(false), "weights": .list([])])
        let refined = try #require(spec.stage(named: "refined"))
        #expect(refined.inputsBySlot == ["parts": ["right"], "model": ["merged"]])
        let order = StageGraph(spec).topologicalOrder
        #expect(order.firstIndex(of: "merged")! > order.firstIndex(of: "left")!)
        #expect(order.firstIndex(of: "refined")! > order.firstIndex(of: "merged")!)
        #expect(StageGraph(spec).descendants(of: "left") == ["left", "merged", "refined"])
        #expect(StageGraph(spec).ancestors(of: "refined") == ["refined", "right", "merged", "left"])
    }

    @Test func stageSeedsAreDerivedPerStageUnlessGiven() throws {
        let scratch = ScratchDirectory()
        let spec = try parseSpec(diamondPipeline(), in: scratch)
        let left = try #require(spec.stage(named: "left"))
        let right = try #require(spec.stage(named: "right"))
        #expect(left.seed != right.seed)
        #expect(left.seed == PipelineSpec.derivedSeed(rootSeed: 42, stageName: "left"))
        let explicit = try parseSpec(header + "  a:\n    kind: source\n    seed: 99\n    params: {samples: 1}\n", in: scratch)
        #expect(explicit.stages[0].seed == 99)
    }
}
