import Foundation

/// Progress of a run, reported to the command line (or a test).
public enum StageEvent: Sendable {
    /// Another run holds the work directory; this one waits (`--wait`).
    case waitingForLock(holder: String)
    /// A stage's outputs were found in the cache.
    case cacheHit(stage: String, key: String)
    /// A stage started (it will write into a temporary directory).
    case started(stage: String, key: String, forced: Bool)
    /// A running stage reported progress in 0...1.
    case progress(stage: String, fraction: Double, message: String)
    /// A running stage said something worth a line of its own (e.g. which Slurm jobs it submitted).
    case note(stage: String, message: String)
    /// A stage finished and its outputs are in the cache.
    case finished(stage: String, key: String, wallTimeSeconds: Double)
    /// A stage failed or was interrupted; its partial outputs were removed.
    case failed(stage: String, message: String)
    /// A report stage's outputs were copied to the repository.
    case published(stage: String, directory: String)
}

/// Runs one stage into a temporary directory, checks the output contract,
/// records it and renames it into the cache.
struct StageExecutor: Sendable {
    let pipelineName: String
    /// Directory relative paths in stage parameters are taken from.
    let pipelineDirectory: String
    let workDirectory: WorkDirectory
    let cancellation: CancellationFlag
    let observer: @Sendable (StageEvent) -> Void

    /// Runs `planned` with its upstream records; returns the new record.
    func execute(_ planned: PlannedStage, upstream: [String: StageRecord]) throws -> StageRecord {
        let stage = planned.stage
        let kind = stage.kind
        let declared = kind.outputs(for: stage.parameters)
        try checkDeclaredNames(declared, stage: stage.name)

        // The stage name keeps two stages with one key (same kind, parameters and seed) apart.
        let temporary = "\(workDirectory.incompleteDirectory)/\(planned.key).\(stage.name).\(getpid())"
        let scratch = StageContext.scratchDirectory(outputDirectory: temporary)
        try FileOperations.removeIfPresent(temporary)
        try FileOperations.removeIfPresent(scratch)
        try FileOperations.createDirectory(temporary)
        try FileOperations.createDirectory(scratch)
        defer { try? FileOperations.removeIfPresent(scratch) }
        do {
            let context = StageContext(
                stageName: stage.name, pipelineName: pipelineName, pipelineDirectory: pipelineDirectory,
                seed: stage.seed, parameters: stage.parameters,
                outputDirectory: temporary, execution: stage.execution,
                persistentDirectory: workDirectory.persistentDirectory(key: planned.key, stage: stage.name), declaredOutputs: declared,
                inputsBySlot: stage.inputsBySlot.mapValues { names in names.map { input(upstream[$0]!) } },
                cancellation: cancellation,
                progressSink: { [observer, name = stage.name] fraction, message in
                    observer(.progress(stage: name, fraction: fraction, message: message))
                },
                noteSink: { [observer, name = stage.name] message in observer(.note(stage: name, message: message)) })
            do {
                try kind.run(context)
            } catch let error as PipelineError {
                throw error
            } catch {
                throw PipelineError.stageFailed(stage: stage.name, kind: kind.name, message: "\(error)")
            }
            let written = try FileOperations.regularFiles(under: temporary)
            let missing = Set(declared).subtracting(written)
            let extra = Set(written).subtracting(declared)
            guard missing.isEmpty, extra.isEmpty else {
                throw PipelineError.outputContract(
                    stage: stage.name,
                    problem: "kind \(kind.name) must write exactly its declared outputs; missing: \(missing.sorted().joined(separator: ", ")); undeclared: \(extra.sorted().joined(separator: ", "))")
            }
            var hashes: [String: String] = [:]
            for file in declared { hashes[file] = try FileOperations.sha256(ofFile: temporary + "/" + file) }
            let record = StageRecord(
                stage: stage.name, kind: kind.name, codeVersion: kind.codeVersion, key: planned.key, seed: stage.seed,
                parameters: stage.parameters.values, inputs: stage.inputsBySlot,
                inputKeys: Dictionary(uniqueKeysWithValues: stage.needs.map { ($0, upstream[$0]!.key) }), outputs: hashes,
                sources: Dictionary(uniqueKeysWithValues: stage.sourceFiles.map { ($0.path, $0.sha256) }))
            try FileOperations.writeAtomically(try FileOperations.stableJSON(record),
                                               to: temporary + "/" + WorkDirectory.recordFileName)
            try moveIntoCache(temporary, key: planned.key, replacing: planned.decision == .forced, stage: stage.name)
            return record
        } catch {
            try? FileOperations.removeIfPresent(temporary)
            throw error
        }
    }

    /// The declared outputs of an upstream cache entry, as absolute paths.
    private func input(_ record: StageRecord) -> StageInput {
        let directory = workDirectory.entryDirectory(key: record.key)
        return StageInput(stageName: record.stage, kind: record.kind, key: record.key, codeVersion: record.codeVersion,
                          seed: record.seed, parameters: ParameterValues(record.parameters),
                          files: Dictionary(uniqueKeysWithValues: record.outputs.keys.map { ($0, directory + "/" + $0) }))
    }

    /// Renames a finished directory into `stages/<key>`; a forced re-run
    /// first moves the old entry aside so the key never points at a mix.
    /// Only one run holds the lock, so nothing else renames in between.
    private func moveIntoCache(_ temporary: String, key: String, replacing: Bool, stage: String) throws {
        let destination = workDirectory.entryDirectory(key: key)
        try FileOperations.createDirectory("\(workDirectory.path)/stages")
        let exists = FileManager.default.fileExists(atPath: destination)
        if exists && !replacing {
            // A stage with the same key finished first; its bytes are the same by determinism.
            try FileOperations.removeIfPresent(temporary)
        } else if exists {
            let replaced = "\(workDirectory.incompleteDirectory)/\(key).\(stage).replaced.\(getpid())"
            try FileOperations.removeIfPresent(replaced)
            try FileOperations.rename(destination, to: replaced)
            try FileOperations.rename(temporary, to: destination)
            try FileOperations.removeIfPresent(replaced)
        } else {
            do {
                try FileOperations.rename(temporary, to: destination)
            } catch where !replacing && FileManager.default.fileExists(atPath: destination) {
                // Another stage with the same key renamed its entry in between the check and the rename.
                try FileOperations.removeIfPresent(temporary)
            }
        }
    }

    private func checkDeclaredNames(_ names: [String], stage: String) throws {
        for name in names {
            let parts = name.split(separator: "/", omittingEmptySubsequences: false)
            if name.isEmpty || name.hasPrefix("/") || name == WorkDirectory.recordFileName
                || parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
                throw PipelineError.outputContract(stage: stage, problem: "declared output '\(name)' is not a plain relative path")
            }
        }
        if Set(names).count != names.count {
            throw PipelineError.outputContract(stage: stage, problem: "declares an output twice: \(names.joined(separator: ", "))")
        }
    }
}
