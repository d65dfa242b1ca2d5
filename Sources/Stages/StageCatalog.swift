import Pipeline

/// The stage kinds `p2pgrid run` knows. Each kind of DESIGN.md §5–§9
/// (`generate`, `train`, `validate`, `casestudy`, `report`) is added here as
/// it is built; until then the catalog is empty and a pipeline naming one of
/// them fails validation with "unknown stage kind", listing the known ones.
public enum StageCatalog {
    /// Every registered kind, for the command line to hand to the runner.
    public static let registry = StageRegistry([])
}
