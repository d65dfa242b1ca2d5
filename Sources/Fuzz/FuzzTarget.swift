import Foundation
import Grid
import Learning
import OPF
import OPFDataset
import Pipeline
import Stages

/// The inputs p2pgrid reads from users, each a fuzz target (issue 16). Every
/// target hands one input to the real reader as a user's file would reach
/// it; an error thrown is the expected answer to bad input, anything else —
/// a trap, a stack overflow, a sanitizer report — is a bug.
enum FuzzTarget: String, CaseIterable, Sendable {
    /// A MATPOWER case file (`MatpowerCase.parse`).
    case matpower
    /// A system spec (YAML) next to the shipped feeders (`LoadedSystem`).
    case systemSpec = "system-spec"
    /// A dataset spec (YAML) next to the shipped systems (`DatasetConfiguration`, every split).
    case datasetSpec = "dataset-spec"
    /// A pipeline file (YAML) next to the shipped Datasets/ (`PipelineSpecParser` with every stage kind).
    case pipeline
    /// The proposal JSON of `p2pgrid check` (`CheckProposal`).
    case proposal
    /// A model checkpoint, edited from a valid one (`ModelCheckpoint.read`); see `HDF5Mutation` and `HDF5Seeds`.
    case checkpoint
    /// A training dataset, edited from a valid one (`TrainingData.load`); see `HDF5Mutation`.
    case dataset

    /// Where the input file goes, relative to the target's scratch directory.
    var inputName: String {
        switch self {
        case .matpower: return "feeders/input.m"
        case .systemSpec: return "systems/input.yaml"
        case .datasetSpec: return "specs/input.yaml"
        case .pipeline: return "Pipelines/input.yaml"
        case .proposal: return "input.json"
        case .checkpoint, .dataset: return "input.h5"
        }
    }

    /// Runs one input. An error thrown is the reader's answer (returned, for
    /// `p2pgrid-fuzz --verbose`); a crash is a bug.
    @discardableResult
    func run(_ input: Data, in workspace: FuzzWorkspace) -> Error? {
        let path = workspace.directory(for: self) + "/" + inputName
        do {
            switch self {
            case .matpower:
                _ = try MatpowerCase.parse(String(decoding: input, as: UTF8.self), file: path)
            case .systemSpec:
                try workspace.write(input, to: path)
                _ = try LoadedSystem(path: path)
            case .datasetSpec:
                try workspace.write(input, to: path)
                let configuration = try DatasetConfiguration(specFile: path)
                for split in configuration.splitNames.dropFirst() { _ = try DatasetConfiguration(specFile: path, split: split) }
            case .pipeline:
                try workspace.write(input, to: path)
                _ = try PipelineSpecParser(registry: StageCatalog.registry(executable: "/nonexistent/p2pgrid")).parse(file: path)
            case .proposal:
                try workspace.write(input, to: path)
                _ = try CheckProposal(path: path, busIds: Set(1...33))
            case .checkpoint:
                try HDF5Mutation.apply(input, seeds: try workspace.hdf5Seeds(for: self), to: path)
                // A checkpoint that loads must also give a predictor without trapping.
                _ = try ModelCheckpoint.read(from: path).model.predictor()
            case .dataset:
                try HDF5Mutation.apply(input, seeds: try workspace.hdf5Seeds(for: self), to: path)
                let data = try TrainingData.load(path: path)
                _ = try TrainingData.storedSplit(path: path, data: data)
            }
            return nil
        } catch {
            return error
        }
    }
}

/// The scratch directories of one fuzzing process: one per target, with the
/// repository's `Datasets/` linked in where an input's relative paths look for it.
final class FuzzWorkspace: @unchecked Sendable {
    let root: String
    /// The repository (holding `Datasets/` and `Tests/Fuzz/`).
    let repository: String
    private var seedCache: [FuzzTarget: [String]] = [:]

    init(repository: String) throws {
        self.repository = repository
        root = FileManager.default.temporaryDirectory.appendingPathComponent("p2pgrid-fuzz-\(getpid())").path
        let manager = FileManager.default
        let datasets = repository + "/Datasets"
        guard manager.fileExists(atPath: datasets + "/feeders/ieee33bw.m") else {
            throw FuzzSetupError(message: "\(datasets) not found: run from the repository root (or set P2PGRID_REPOSITORY)")
        }
        for target in FuzzTarget.allCases {
            let directory = root + "/" + target.rawValue
            try manager.createDirectory(atPath: directory + "/" + (target.inputName as NSString).deletingLastPathComponent,
                                        withIntermediateDirectories: true)
            // Relative paths as the shipped files use them: systems → ../feeders, specs → ../systems, Pipelines → ../Datasets.
            for name in ["feeders", "systems", "specs"] where !target.inputName.hasPrefix(name + "/") {
                try? manager.createSymbolicLink(atPath: directory + "/" + name, withDestinationPath: datasets + "/" + name)
            }
            try? manager.createSymbolicLink(atPath: directory + "/Datasets", withDestinationPath: datasets)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func directory(for target: FuzzTarget) -> String { root + "/" + target.rawValue }

    /// Writes `data` to `path`.
    func write(_ data: Data, to path: String) throws {
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// The valid HDF5 files the `HDF5Mutation` of `target` starts from (`HDF5Seeds`, made on first use).
    func hdf5Seeds(for target: FuzzTarget) throws -> [String] {
        if let cached = seedCache[target] { return cached }
        let seeds = try HDF5Seeds.make(for: target, in: root + "/seeds", repository: repository)
        seedCache[target] = seeds
        return seeds
    }
}

struct FuzzSetupError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
