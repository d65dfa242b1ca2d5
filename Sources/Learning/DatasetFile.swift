import HDF5Store

extension TrainingData {
    /// Reads a dataset file in the layout of DESIGN.md §5: `/inputs [N, M, F]
    /// f32`, `/targets [N, M, 2] f32` with `target_names` exactly
    /// `["P_acc_n", "curtailed_n"]`, `/opf/status [N] i32` (0 = solved),
    /// `/opf/accepted [N] u8`, and the root attribute `feature_names`. Files
    /// of the first dataset version (one target, `P_acc_n`) are refused.
    /// Every problem is reported with the file and dataset or attribute.
    public static func load(path: String) throws(LearningError) -> TrainingData {
        try withLearningErrors(file: path) {
            let file = try HDF5File.openReadOnly(atPath: path)
            defer { try? file.close() }
            let inputs = try file.read("/inputs", as: Float.self)
            guard inputs.shape.count == 3 else {
                throw LearningError.shapeMismatch(file: path, dataset: "/inputs", expected: "[N, M, F]", found: "\(inputs.shape)")
            }
            let (n, m, f) = (inputs.shape[0], inputs.shape[1], inputs.shape[2])
            let targetNames = try file.stringArrayAttribute("target_names")
            guard targetNames == TrainingData.targetNames else {
                throw LearningError.invalidAttribute(
                    file: path, attribute: "target_names", expected: "\(TrainingData.targetNames) (dataset version 2; regenerate older files)",
                    found: "\(targetNames)")
            }
            let targets = try file.read("/targets", as: Float.self)
            guard targets.shape == [n, m, 2] else {
                throw LearningError.shapeMismatch(file: path, dataset: "/targets", expected: "[\(n), \(m), 2]", found: "\(targets.shape)")
            }
            let status = try file.read("/opf/status", as: Int32.self)
            guard status.shape == [n] else {
                throw LearningError.shapeMismatch(file: path, dataset: "/opf/status", expected: "[\(n)]", found: "\(status.shape)")
            }
            let accepted = try file.read("/opf/accepted", as: UInt8.self)
            guard accepted.shape == [n] else {
                throw LearningError.shapeMismatch(file: path, dataset: "/opf/accepted", expected: "[\(n)]", found: "\(accepted.shape)")
            }
            let featureNames = try file.stringArrayAttribute("feature_names")
            guard featureNames.count == f else {
                throw LearningError.shapeMismatch(file: path, dataset: "@feature_names", expected: "\(f) names (F of /inputs)",
                                                  found: "\(featureNames.count) names")
            }
            let values = targets.values
            return try TrainingData(sampleCount: n, tokenCount: m, featureCount: f, inputs: inputs.values,
                                    acceptedInjectionKW: stride(from: 0, to: values.count, by: 2).map { values[$0] },
                                    curtailed: stride(from: 1, to: values.count, by: 2).map { values[$0] != 0 },
                                    solved: status.values.map { $0 == 0 }, accepted: accepted.values.map { $0 != 0 },
                                    featureNames: featureNames)
        }
    }

    /// The file's own split, if it has a `/split [N]` dataset (i32 or u8:
    /// 0 = train, 1 = validation, 2 = test); failed-OPF samples are left out.
    public static func storedSplit(path: String, data: TrainingData) throws(LearningError) -> DataSplit? {
        try withLearningErrors(file: path) {
            let file = try HDF5File.openReadOnly(atPath: path)
            defer { try? file.close() }
            guard try file.exists("/split") else { return nil }
            let info = try file.datasetInfo("/split")
            let labels: [Int]
            switch info.dataType {
            case .unsignedInteger(bits: 8): labels = try file.read("/split", as: UInt8.self).values.map(Int.init)
            default: labels = try file.read("/split", as: Int32.self).values.map(Int.init)
            }
            guard labels.count == data.sampleCount else {
                throw LearningError.shapeMismatch(file: path, dataset: "/split", expected: "[\(data.sampleCount)]", found: "[\(labels.count)]")
            }
            var split = DataSplit(train: [], validation: [], test: [])
            for (index, label) in labels.enumerated() where data.solved[index] {
                switch label {
                case 0: split.train.append(index)
                case 1: split.validation.append(index)
                case 2: split.test.append(index)
                default:
                    throw LearningError.shapeMismatch(file: path, dataset: "/split", expected: "values 0 (train), 1 (validation), 2 (test)",
                                                      found: "\(label) at sample \(index)")
                }
            }
            return split
        }
    }

    /// FNV-1a hash of the shape, inputs (every feature) and both targets, so
    /// a checkpoint can tell whether it is evaluated on the file it was
    /// trained on, whichever features the model uses.
    public var fingerprint: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ word: UInt32) {
            for shift in stride(from: 0, to: 32, by: 8) { hash = (hash ^ UInt64((word >> UInt32(shift)) & 0xff)) &* 0x100_0000_01b3 }
        }
        for dimension in [sampleCount, tokenCount, featureCount, TrainingData.targetNames.count] { mix(UInt32(truncatingIfNeeded: dimension)) }
        for value in inputs { mix(value.bitPattern) }
        for (injection, curtailed) in zip(acceptedInjectionKW, curtailed) {
            mix(injection.bitPattern)
            mix(Float(curtailed ? 1 : 0).bitPattern)
        }
        return hash
    }
}

/// Runs `body`, turning HDF5Store's errors into `LearningError`s that name the file and dataset.
func withLearningErrors<Result>(file: String, _ body: () throws -> Result) throws(LearningError) -> Result {
    do {
        return try body()
    } catch let error as LearningError {
        throw error
    } catch let error as HDF5StoreError {
        switch error {
        case let .objectNotFound(_, path):
            throw .missingDataset(file: file, dataset: path)
        case let .attributeNotFound(_, path, name):
            throw .missingDataset(file: file, dataset: path == "/" ? "@\(name)" : "\(path)@\(name)")
        case let .typeMismatch(_, path, stored, requested):
            throw .shapeMismatch(file: file, dataset: path, expected: "element type \(requested)", found: "element type \(stored)")
        default:
            let prefix = "\(file): "
            let reason = error.description.hasPrefix(prefix) ? String(error.description.dropFirst(prefix.count)) : error.description
            throw .unreadableFile(file: file, reason: reason)
        }
    } catch {
        throw .unreadableFile(file: file, reason: "\(error)")
    }
}
