import Pipeline

/// The stage kinds `p2pgrid run` knows (DESIGN.md §5–§9). A pipeline naming
/// a kind not registered here fails validation with "unknown stage kind",
/// listing the known ones.
public enum StageCatalog {
    /// Every registered kind, for the command line to hand to the runner.
    /// - Parameter executable: the running `p2pgrid` binary, which stages that
    ///   work in several processes (dataset generation) start their workers from.
    public static func registry(executable: String) -> StageRegistry {
        StageRegistry([GenerateStage(workerExecutable: executable), TrainStage(), ValidateStage(), CaseStudyStage(),
                       ReportStage()])
    }
}
