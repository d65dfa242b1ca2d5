import Pipeline

/// The stage kinds `p2pgrid run` knows (DESIGN.md §5–§9). A pipeline naming
/// a kind not registered here fails validation with "unknown stage kind",
/// listing the known ones.
public enum StageCatalog {
    /// Every registered kind, for the command line to hand to the runner.
    public static let registry = StageRegistry([GenerateStage()])
}
