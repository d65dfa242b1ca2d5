import HDF5Store

/// HDF5 files (datasets from `p2pgrid generate`, checkpoints from `p2pgrid
/// train`, anything HDF5) compared object by object: both trees are walked;
/// a dataset or group present on one side only, or a dataset of another type
/// or shape, is structurally different; datasets with the same type and shape
/// are compared value by value (`HDF5DatasetComparison`) and the attributes
/// of every group and dataset name by name (`HDF5AttributeComparison`).
/// Storage layout (chunking, compression) is not compared: it does not change
/// the values.
struct HDF5Comparison: FileComparison {
    func compare(_ a: String, _ b: String, name: String, tolerances: ComparisonTolerances) throws(ComparisonError) -> [ItemComparison] {
        do {
            let fileA = try HDF5File.openReadOnly(atPath: a)
            defer { try? fileA.close() }
            let fileB = try HDF5File.openReadOnly(atPath: b)
            defer { try? fileB.close() }
            return try Self.compare(fileA, fileB, tolerances: tolerances)
        } catch let error as HDF5StoreError {
            throw .hdf5(error)
        } catch {
            throw .unreadable(path: a, reason: "\(error)")
        }
    }

    /// The items of two open files, in path order (root attributes first).
    static func compare(_ a: HDF5File, _ b: HDF5File, tolerances: ComparisonTolerances) throws -> [ItemComparison] {
        let membersA = Dictionary(uniqueKeysWithValues: try a.members().map { ($0.path, $0) })
        let membersB = Dictionary(uniqueKeysWithValues: try b.members().map { ($0.path, $0) })
        var items = HDF5AttributeComparison.compare(on: "/", try a.attributes(of: "/"), try b.attributes(of: "/"),
                                                    tolerances: tolerances)
        let paths = Set(membersA.keys).union(membersB.keys)
            .sorted { $0.split(separator: "/").lexicographicallyPrecedes($1.split(separator: "/")) }
        // A group missing on one side, or of another kind there, is one item; its members are not listed again.
        var reportedSubtree: String?
        for path in paths {
            if let subtree = reportedSubtree, path.hasPrefix(subtree + "/") { continue }
            reportedSubtree = nil
            switch (membersA[path], membersB[path]) {
            case let (member?, nil), let (nil, member?):
                let side = membersA[path] == nil ? "B" : "A"
                let members = side == "A" ? membersA : membersB
                items.append(.different(name: path, kind: itemKind(member), detail: detail(member, members),
                                        reason: "only in \(side)"))
                reportedSubtree = path
            case let (memberA?, memberB?):
                items += try compare(memberA, memberB, a, b, tolerances: tolerances, reportedSubtree: &reportedSubtree)
            case (nil, nil):
                continue
            }
        }
        return items
    }

    /// The items of one object present in both files: its values and its attributes.
    private static func compare(_ memberA: HDF5Member, _ memberB: HDF5Member, _ a: HDF5File, _ b: HDF5File,
                                tolerances: ComparisonTolerances, reportedSubtree: inout String?) throws -> [ItemComparison] {
        let path = memberA.path
        let attributes = HDF5AttributeComparison.compare(on: path, memberA.attributes, memberB.attributes, tolerances: tolerances)
        switch (memberA.kind, memberB.kind) {
        case (.group, .group):
            return attributes
        case let (.dataset(infoA), .dataset(infoB)):
            guard infoA.dataType == infoB.dataType, infoA.shape == infoB.shape else {
                let reason = "\(describe(infoA.dataType, infoA.shape)) in A, \(describe(infoB.dataType, infoB.shape)) in B"
                return [.different(name: path, kind: .dataset, reason: reason)] + attributes
            }
            return [try HDF5DatasetComparison.compare(path, in: a, with: b, info: infoA, tolerances: tolerances)] + attributes
        case (.namedDataType, .namedDataType), (.unresolvedLink, .unresolvedLink):
            return attributes
        default:
            reportedSubtree = path
            return [.different(name: path, kind: itemKind(memberA),
                               reason: "\(kindName(memberA.kind)) in A, \(kindName(memberB.kind)) in B")]
        }
    }

    /// `float64 [100, 4]`, `int64` (scalar).
    static func describe(_ type: HDF5DataType, _ shape: [Int]) -> String {
        shape.isEmpty ? "\(type)" : "\(type) [" + shape.map(String.init).joined(separator: ", ") + "]"
    }

    private static func itemKind(_ member: HDF5Member) -> ItemComparison.Kind {
        if case .dataset = member.kind { return .dataset }
        return .group
    }

    private static func kindName(_ kind: HDF5ObjectKind) -> String {
        switch kind {
        case .group: return "a group"
        case .dataset: return "a dataset"
        case .namedDataType: return "a named datatype"
        case .unresolvedLink: return "an unresolved link"
        }
    }

    /// What a member missing on the other side holds.
    private static func detail(_ member: HDF5Member, _ members: [String: HDF5Member]) -> String? {
        switch member.kind {
        case let .dataset(info): return describe(info.dataType, info.shape)
        case .group:
            let count = members.keys.count { $0.hasPrefix(member.path + "/") }
            return "group of \(count) member\(count == 1 ? "" : "s")"
        case .namedDataType, .unresolvedLink: return nil
        }
    }
}
