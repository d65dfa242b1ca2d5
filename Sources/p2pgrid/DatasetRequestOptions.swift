import ArgumentParser

/// The options that say which dataset to make, shared by `generate` and `slurm generate`.
struct DatasetRequestOptions: ParsableArguments {
    @Option(name: .long, help: "Dataset spec (YAML).")
    var spec: String

    @Option(name: .long, help: "Number of samples of the whole dataset (≥ 1).")
    var samples: Int

    @Option(name: .long, help: "Dataset seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Split to generate: in_distribution (default) or a split named in the spec.")
    var split: String?
}
