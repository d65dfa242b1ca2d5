/// One way of comparing a pair of files of one kind (HDF5, CSV, text,
/// binary): each is a small type of its own, chosen by `FileKind`.
protocol FileComparison {
    /// The items found comparing the file at `a` with the one at `b` (the
    /// reference), named `name` where the comparison yields one item per file.
    func compare(_ a: String, _ b: String, name: String, tolerances: ComparisonTolerances) throws(ComparisonError) -> [ItemComparison]
}
