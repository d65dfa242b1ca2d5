import Foundation
import Yams

/// Reads a pipeline file with Yams' node API (which keeps line and column
/// of every value) and validates it against a `StageRegistry`. The first
/// problem in file order is thrown, naming file, line, stage and field.
public struct PipelineSpecParser: Sendable {
    private static let topLevelFields = ["pipeline", "seed", "workDirectory", "executor", "slurm", "stages"]
    private static let stageFields = ["kind", "params", "needs", "seed", "executor", "slurm"]
    /// Default work directory when the file names none.
    public static let defaultWorkDirectory = ".p2pgrid"

    private let registry: StageRegistry

    /// A parser validating against `registry`.
    public init(registry: StageRegistry) {
        self.registry = registry
    }

    /// Reads and validates the pipeline file at `path`.
    public func parse(file path: String) throws -> PipelineSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied or not a regular file" : "no such file"
            throw PipelineError.unreadableSpec(file: path, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PipelineError.unreadableSpec(file: path, reason: "not UTF-8 text")
        }
        return try parse(text: text, file: path, fileSHA256: ContentDigest.hexDigest(of: [UInt8](data)))
    }

    /// Validates pipeline text; `file` is used in messages and provenance.
    public func parse(text: String, file: String, fileSHA256: String? = nil) throws -> PipelineSpec {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.syntaxError(error, file: file)
        } catch {
            throw PipelineError.yamlSyntax(file: file, line: 1, column: 1, problem: "\(error)")
        }
        let at = FieldLocator(file: file)
        guard let root, let top = root.mapping else {
            throw PipelineError.wrongType(at.location(root?.mark, stage: nil, field: "(document)"),
                                          expected: "a mapping with fields \(Self.topLevelFields.joined(separator: ", "))",
                                          found: root.map(describe) ?? "an empty document")
        }
        try rejectUnknownFields(top, allowed: Self.topLevelFields, at: at, stage: nil, prefix: "")

        let nameNode = try requiredField("pipeline", in: top, at: at, stage: nil, field: "pipeline", parent: root)
        let name = try identifier(nameNode, at: at.location(nameNode.mark, stage: nil, field: "pipeline"))
        let seedNode = try requiredField("seed", in: top, at: at, stage: nil, field: "seed", parent: root)
        let seed = try seedValue(seedNode, at: at.location(seedNode.mark, stage: nil, field: "seed"))
        var workDirectory = Self.defaultWorkDirectory
        if let node = top["workDirectory"] {
            workDirectory = try nonEmptyString(node, at: at.location(node.mark, stage: nil, field: "workDirectory"))
        }
        let execution = try StageExecutionReader(locator: at, stage: nil)
            .execution(executor: top["executor"], slurm: top["slurm"], inherited: .local)
        let stagesNode = try requiredField("stages", in: top, at: at, stage: nil, field: "stages", parent: root)
        guard let stagesMapping = stagesNode.mapping, !stagesMapping.isEmpty else {
            throw PipelineError.wrongType(at.location(stagesNode.mark, stage: nil, field: "stages"),
                                          expected: "a non-empty mapping of stage name to stage", found: describe(stagesNode))
        }

        var drafts: [StageDraft] = []
        for (keyNode, body) in stagesMapping {
            let stageName = try identifier(keyNode, at: at.location(keyNode.mark, stage: nil, field: "stages"))
            drafts.append(try stageDraft(name: stageName, keyNode: keyNode, body: body, rootSeed: seed, execution: execution, at: at))
        }
        let stages = try StageGraph.resolveNeeds(drafts, file: file)
        return PipelineSpec(file: file, fileSHA256: fileSHA256 ?? ContentDigest.hexDigest(of: text),
                            name: name, seed: seed, workDirectory: workDirectory, stages: stages)
    }

    private func stageDraft(name: String, keyNode: Node, body: Node, rootSeed: UInt64, execution pipelineExecution: StageExecution,
                            at: FieldLocator) throws -> StageDraft {
        guard let fields = body.mapping else {
            throw PipelineError.wrongType(at.location(body.mark ?? keyNode.mark, stage: name, field: "(stage)"),
                                          expected: "a mapping with fields \(Self.stageFields.joined(separator: ", "))", found: describe(body))
        }
        try rejectUnknownFields(fields, allowed: Self.stageFields, at: at, stage: name, prefix: "")
        let kindNode = try requiredField("kind", in: fields, at: at, stage: name, field: "kind", parent: keyNode)
        let kindLocation = at.location(kindNode.mark, stage: name, field: "kind")
        let kindName = try nonEmptyString(kindNode, at: kindLocation)
        guard let kind = registry.kind(named: kindName) else {
            throw PipelineError.unknownKind(kindLocation, kind: kindName, known: registry.names)
        }

        let paramsKey = fields.first { $0.key.scalar?.string == "params" }?.key
        let parameters = try parameterValues(fields["params"], kind: kind, stage: name, anchor: paramsKey ?? keyNode, at: at)

        let sourceFiles = try sourceFileDigests(kind: kind, parameters: parameters,
                                                location: at.location((paramsKey ?? keyNode).mark, stage: name, field: "params"))

        var seed = PipelineSpec.derivedSeed(rootSeed: rootSeed, stageName: name)
        if let seedNode = fields["seed"] {
            seed = try seedValue(seedNode, at: at.location(seedNode.mark, stage: name, field: "seed"))
        }

        // A stage runs on Slurm when it or the pipeline says so and its kind can; saying so for a kind that cannot is an error.
        var execution = try StageExecutionReader(locator: at, stage: name)
            .execution(executor: fields["executor"], slurm: fields["slurm"], inherited: pipelineExecution)
        if case .slurm = execution, !kind.runsOnSlurm {
            if let node = fields["executor"] ?? fields["slurm"] {
                throw PipelineError.unusableExecutor(at.location(node.mark, stage: name, field: fields["executor"] != nil ? "executor" : "slurm"),
                                                     problem: "kind \(kind.name) runs only here, not on Slurm (Slurm takes generate stages)")
            }
            execution = .local
        }

        var needs: [(name: String, location: SpecLocation)] = []
        if let needsNode = fields["needs"] {
            let needsLocation = at.location(needsNode.mark, stage: name, field: "needs")
            guard let sequence = needsNode.sequence else {
                throw PipelineError.wrongType(needsLocation, expected: "a list of stage names", found: describe(needsNode))
            }
            for element in sequence {
                let location = at.location(element.mark, stage: name, field: "needs")
                let need = try identifier(element, at: location)
                if needs.contains(where: { $0.name == need }) {
                    throw PipelineError.unusableNeed(location, problem: "stage '\(need)' is listed twice")
                }
                needs.append((need, location))
            }
        }
        return StageDraft(name: name, kind: kind, parameters: parameters, seed: seed, needs: needs,
                          location: at.location(keyNode.mark, stage: name, field: "needs"), kindLocation: kindLocation,
                          line: keyNode.mark?.line ?? 0, sourceFiles: sourceFiles, execution: execution)
    }

    /// Hashes of the files `kind` reads for `parameters`; a missing or unreadable
    /// one is a spec error at the stage's `params:`.
    private func sourceFileDigests(kind: any StageKind, parameters: ParameterValues,
                                   location: SpecLocation) throws -> [SourceFileDigest] {
        let directory = pipelineDirectory(of: location.file)
        let paths: [String]
        do {
            paths = try kind.sourceFiles(for: parameters, in: directory)
        } catch {
            throw PipelineError.unreadableSource(location, problem: "\(error)")
        }
        return try paths.map { path in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw PipelineError.unreadableSource(location, problem: "cannot read \(path)")
            }
            return SourceFileDigest(path: relativePath(of: path, from: directory), sha256: ContentDigest.hexDigest(of: [UInt8](data)))
        }
    }

    /// Typed values of `params:`; a missing required parameter is reported at `anchor`
    /// (the `params:` key, or the stage name when there is no `params:`).
    private func parameterValues(_ paramsNode: Node?, kind: any StageKind, stage: String, anchor: Node,
                                 at: FieldLocator) throws -> ParameterValues {
        var values: [String: ParameterValue] = [:]
        if let paramsNode {
            guard let mapping = paramsNode.mapping else {
                throw PipelineError.wrongType(at.location(paramsNode.mark, stage: stage, field: "params"),
                                              expected: "a mapping of parameter name to value", found: describe(paramsNode))
            }
            for (nameNode, valueNode) in mapping {
                let parameterName = nameNode.scalar?.string ?? describe(nameNode)
                let field = "params." + parameterName
                guard let spec = kind.parameters.first(where: { $0.name == parameterName }) else {
                    throw PipelineError.unknownParameter(at.location(nameNode.mark, stage: stage, field: field),
                                                         kind: kind.name, declared: kind.parameters.map(\.name))
                }
                values[parameterName] = try ParameterNodeReader(stage: stage, locator: at)
                    .value(valueNode, type: spec.type, field: field)
            }
        }
        for spec in kind.parameters where values[spec.name] == nil {
            guard let defaultValue = spec.defaultValue else {
                throw PipelineError.missingParameter(at.location(anchor.mark, stage: stage, field: "params." + spec.name),
                                                     kind: kind.name, summary: "\(spec.type.description): \(spec.summary)")
            }
            values[spec.name] = defaultValue
        }
        return ParameterValues(values)
    }

    private func rejectUnknownFields(_ mapping: Node.Mapping, allowed: [String], at: FieldLocator, stage: String?, prefix: String) throws {
        for (key, _) in mapping {
            let name = key.scalar?.string ?? describe(key)
            if !allowed.contains(name) {
                throw PipelineError.unknownField(at.location(key.mark, stage: stage, field: prefix + name), allowed: allowed)
            }
        }
    }

    private func requiredField(_ name: String, in mapping: Node.Mapping, at: FieldLocator, stage: String?, field: String,
                               parent: Node) throws -> Node {
        guard let node = mapping[name] else {
            throw PipelineError.missingField(at.location(parent.mark, stage: stage, field: field))
        }
        return node
    }

    private func identifier(_ node: Node, at location: SpecLocation) throws -> String {
        guard let scalar = node.scalar else {
            throw PipelineError.wrongType(location, expected: "a name", found: describe(node))
        }
        let text = scalar.string
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_"))
        guard let first = text.unicodeScalars.first, CharacterSet.letters.contains(first),
              text.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) }) else {
            throw PipelineError.outOfRange(location, value: "'\(text)'",
                                           allowed: "a name of ASCII letters, digits, '-' and '_', starting with a letter")
        }
        return text
    }

    private func nonEmptyString(_ node: Node, at location: SpecLocation) throws -> String {
        guard let scalar = node.scalar, !scalar.string.isEmpty else {
            throw PipelineError.wrongType(location, expected: "a non-empty string", found: describe(node))
        }
        return scalar.string
    }

    private func seedValue(_ node: Node, at location: SpecLocation) throws -> UInt64 {
        let value = try ParameterNodeReader.plainInteger(node, at: location)
        guard value >= 0 else {
            throw PipelineError.outOfRange(location, value: String(value), allowed: "0...\(Int.max)")
        }
        return UInt64(value)
    }

    private static func syntaxError(_ error: YamlError, file: String) -> PipelineError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return .yamlSyntax(file: file, line: mark.line, column: mark.column, problem: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .yamlSyntax(file: file, line: context.mark.line, column: context.mark.column,
                               problem: "duplicate key(s) \(duplicates.joined(separator: ", ")) in one mapping")
        default:
            return .yamlSyntax(file: file, line: 1, column: 1, problem: "\(error)")
        }
    }
}

/// A stage before its needs are matched to input slots.
struct StageDraft {
    let name: String
    let kind: any StageKind
    let parameters: ParameterValues
    let seed: UInt64
    let needs: [(name: String, location: SpecLocation)]
    let location: SpecLocation
    let kindLocation: SpecLocation
    let line: Int
    let sourceFiles: [SourceFileDigest]
    let execution: StageExecution
}

/// `path` relative to `directory` (with `..` where needed), so cache keys do
/// not change when the repository is cloned elsewhere.
func relativePath(of path: String, from directory: String) -> String {
    let target = (path as NSString).standardizingPath.split(separator: "/")
    let base = (directory as NSString).standardizingPath.split(separator: "/")
    var common = 0
    while common < min(target.count, base.count), target[common] == base[common] { common += 1 }
    return (Array(repeating: "..", count: base.count - common) + target[common...].map(String.init)).joined(separator: "/")
}

/// The directory relative paths in a pipeline file are resolved against.
func pipelineDirectory(of file: String) -> String {
    let directory = (file as NSString).deletingLastPathComponent
    let absolute = directory.hasPrefix("/") ? directory
        : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(directory)
    return (absolute as NSString).standardizingPath
}

/// Builds `SpecLocation`s for one file.
struct FieldLocator: Sendable {
    let file: String

    func location(_ mark: Mark?, stage: String?, field: String) -> SpecLocation {
        SpecLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, stage: stage, field: field)
    }
}

/// How a YAML node reads in "found …" messages.
func describe(_ node: Node) -> String {
    switch node {
    case .scalar(let scalar):
        return scalar.string.isEmpty ? "an empty value" : "'\(scalar.string)'"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
}
