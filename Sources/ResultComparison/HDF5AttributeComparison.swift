import HDF5Store

/// The attributes of one HDF5 object compared name by name, each an item
/// named `path@name`: integers and strings exactly, floating-point values with
/// the tolerance of their precision. An attribute on one side only, or of
/// another type or shape, is structurally different.
enum HDF5AttributeComparison {
    /// The items for the attributes `a` and `b` of the object at `path`, in name order.
    static func compare(on path: String, _ a: [HDF5AttributeInfo], _ b: [HDF5AttributeInfo],
                        tolerances: ComparisonTolerances) -> [ItemComparison] {
        let byNameA = Dictionary(a.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let byNameB = Dictionary(b.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return Set(byNameA.keys).union(byNameB.keys).sorted().map { name in
            let itemName = path + "@" + name
            switch (byNameA[name], byNameB[name]) {
            case let (attributeA?, attributeB?):
                return compare(attributeA, attributeB, name: itemName, tolerances: tolerances)
            case let (attribute?, nil):
                return .different(name: itemName, kind: .attribute, detail: describe(attribute), reason: "only in A")
            case let (nil, attribute?):
                return .different(name: itemName, kind: .attribute, detail: describe(attribute), reason: "only in B")
            case (nil, nil):
                preconditionFailure("a name from the union of both sides")
            }
        }
    }

    private static func compare(_ a: HDF5AttributeInfo, _ b: HDF5AttributeInfo, name: String,
                                tolerances: ComparisonTolerances) -> ItemComparison {
        let detail = describe(a)
        guard a.dataType == b.dataType, a.shape == b.shape else {
            return .different(name: name, kind: .attribute, detail: detail, reason: "\(detail) in A, \(describe(b)) in B")
        }
        func locate(_ flatIndex: Int) -> DifferenceLocation { .element(flatIndex: flatIndex, shape: a.shape) }
        var statistics = DifferenceStatistics<Int>()
        switch (a.value, b.value) {
        case let (.integers(valuesA), .integers(valuesB)):
            for (index, (x, y)) in zip(valuesA, valuesB).enumerated() { statistics.add(x, y, at: index) }
        case let (.reals(valuesA), .reals(valuesB)):
            guard case let .float(bits) = a.dataType else { preconditionFailure("real values come from float attributes") }
            let tolerance = tolerances.forFloat(bits: bits)
            for (index, (x, y)) in zip(valuesA, valuesB).enumerated() { statistics.add(x, y, tolerance: tolerance, at: index) }
        case let (.strings(valuesA), .strings(valuesB)):
            return StringElements.compare(valuesA, valuesB, name: name, kind: .attribute, detail: detail, locate: locate)
        default:
            return .notCompared(name: name, kind: .attribute, detail: detail, reason: "\(a.dataType) values are not compared")
        }
        let (absolute, relative) = statistics.located(locate)
        return ItemComparison(name: name, kind: .attribute, detail: detail, compared: statistics.compared,
                              beyondTolerance: statistics.beyondTolerance, differing: statistics.differing,
                              largestAbsolute: absolute, largestRelative: relative)
    }

    private static func describe(_ attribute: HDF5AttributeInfo) -> String {
        HDF5Comparison.describe(attribute.dataType, attribute.shape)
    }
}
