import HDF5Store

/// The values of one HDF5 dataset in two files (same type and shape),
/// compared element by element: floating-point values with the tolerance of
/// their precision, integers, enumerations (by their integer values) and
/// strings exactly; other types (compound, reference, …) are not compared. Numbers are read in slabs
/// of whole rows of about a million elements, so files larger than memory
/// can be compared.
enum HDF5DatasetComparison {
    /// Elements read per slab and file (8 MB as Int64 or Double).
    static let slabElements = 1 << 20

    /// The item for the dataset at `path`, described by `info` (the same in both files).
    static func compare(_ path: String, in a: HDF5File, with b: HDF5File, info: HDF5DatasetInfo,
                        tolerances: ComparisonTolerances) throws -> ItemComparison {
        let detail = HDF5Comparison.describe(info.dataType, info.shape)
        func locate(_ flatIndex: Int) -> DifferenceLocation { .element(flatIndex: flatIndex, shape: info.shape) }
        let tolerance: Tolerance?
        switch info.dataType {
        case let .float(bits): tolerance = tolerances.forFloat(bits: bits)
        case .signedInteger, .unsignedInteger, .other("enum"): tolerance = nil
        case .string:
            return StringElements.compare(try a.readStrings(path).values, try b.readStrings(path).values,
                                          name: path, kind: .dataset, detail: detail, locate: locate)
        case let .other(name):
            return .notCompared(name: path, kind: .dataset, detail: detail, reason: "\(name) values are not compared")
        }
        var statistics = DifferenceStatistics<Int>()
        for (rows, offset) in slabs(info.shape) {
            compare(try a.readWidened(path, rows: rows), try b.readWidened(path, rows: rows), tolerance: tolerance,
                    offset: offset, into: &statistics)
        }
        let (absolute, relative) = statistics.located(locate)
        return ItemComparison(name: path, kind: .dataset, detail: detail, compared: statistics.compared,
                              beyondTolerance: statistics.beyondTolerance, differing: statistics.differing,
                              largestAbsolute: absolute, largestRelative: relative)
    }

    /// Row ranges of about `slabElements` elements and the flat index each
    /// starts at; one whole read (nil rows) for a scalar, none for an empty dataset.
    static func slabs(_ shape: [Int]) -> [(rows: Range<Int>?, offset: Int)] {
        guard let rowCount = shape.first else { return [(nil, 0)] }
        let rowSize = shape.dropFirst().reduce(1, *)
        guard rowCount > 0, rowSize > 0 else { return [] }
        let rowsPerSlab = max(1, slabElements / rowSize)
        return stride(from: 0, to: rowCount, by: rowsPerSlab).map { start in
            (start..<min(rowCount, start + rowsPerSlab), start * rowSize)
        }
    }

    private static func compare(_ a: HDF5WidenedValues, _ b: HDF5WidenedValues, tolerance: Tolerance?, offset: Int,
                                into statistics: inout DifferenceStatistics<Int>) {
        switch (a, b) {
        case let (.reals(valuesA), .reals(valuesB)):
            for index in valuesA.indices { statistics.add(valuesA[index], valuesB[index], tolerance: tolerance, at: offset + index) }
        case let (.integers(valuesA), .integers(valuesB)):
            for index in valuesA.indices { statistics.add(valuesA[index], valuesB[index], at: offset + index) }
        default:
            preconditionFailure("datasets of the same type widen to the same class")
        }
    }
}
