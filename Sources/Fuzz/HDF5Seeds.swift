import Foundation
import Learning
import OPFDataset

/// The valid HDF5 files the checkpoint and dataset targets mutate, made once per
/// fuzzing process from the shipped stressed spec (generated tensors stay out of
/// git): a 48-sample dataset (seed 3) and a ridge, an MLP and a transformer
/// checkpoint trained on it for two epochs. Same seeds, same bytes.
enum HDF5Seeds {
    static let samples = 48

    /// Writes the seeds of `target` into `directory` (when not there yet) and returns their paths.
    static func make(for target: FuzzTarget, in directory: String, repository: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let dataset = directory + "/stressed-\(samples).h5"
        if !FileManager.default.fileExists(atPath: dataset) {
            let configuration = try DatasetConfiguration(specFile: repository + "/Datasets/specs/ieee33-stressed.yaml")
            try DatasetWriter.write(try DatasetGenerator.generate(configuration, samples: samples, seed: 3), to: dataset, timingsPath: nil)
        }
        guard target == .checkpoint else { return [dataset] }
        return try [ModelKind.ridge, .mlp, .transformer].map { kind in
            let checkpoint = directory + "/\(kind.rawValue).h5"
            if !FileManager.default.fileExists(atPath: checkpoint) {
                var request = TrainingRequest()
                request.model = kind
                request.epochs = 2
                request.threads = 1
                try TrainingRun.train(request, data: dataset, out: checkpoint) { _ in }
            }
            return checkpoint
        }
    }
}
