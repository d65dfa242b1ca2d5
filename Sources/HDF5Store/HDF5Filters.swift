/// The compression pipeline applied to a chunked dataset's chunks when writing.
///
/// Shuffle regroups the bytes of each element (all first bytes, then all second
/// bytes, …) before deflate; for floating-point data, whose exponent bytes vary
/// little, that roughly doubles deflate's speed and improves its ratio
/// (see Reports/bench/hdf5.md), so `.default` uses it.
public struct HDF5Filters: Sendable, Hashable {
    /// Apply HDF5's byte shuffle before deflate.
    public var shuffle: Bool
    /// zlib deflate level 0…9, or `nil` for no deflate.
    public var deflateLevel: Int?

    /// Memberwise initialiser; see `.none`, `.default` and `deflate(level:shuffle:)`.
    public init(shuffle: Bool, deflateLevel: Int?) {
        self.shuffle = shuffle
        self.deflateLevel = deflateLevel
    }

    /// No filters: chunks are stored as they are.
    public static let none = HDF5Filters(shuffle: false, deflateLevel: nil)

    /// Shuffle + deflate level 4: the store's recommended compression for tensors.
    public static let `default` = HDF5Filters.deflate(level: 4, shuffle: true)

    /// Deflate at `level` (0…9), with shuffle unless told otherwise.
    public static func deflate(level: Int, shuffle: Bool = true) -> HDF5Filters {
        HDF5Filters(shuffle: shuffle, deflateLevel: level)
    }

    /// Whether any filter is applied (a filtered dataset must be chunked).
    public var isEmpty: Bool { !shuffle && deflateLevel == nil }
}

/// One filter found in a dataset's filter pipeline, as reported by listings.
public enum HDF5FilterDescription: Sendable, Hashable, CustomStringConvertible {
    /// HDF5's byte shuffle.
    case shuffle
    /// zlib deflate at the given level.
    case deflate(level: Int)
    /// The Fletcher-32 checksum filter.
    case fletcher32
    /// Any other filter, by HDF5 filter id and registered name.
    case other(id: Int, name: String)

    /// `shuffle`, `deflate(4)`, `fletcher32`, or `name#id`.
    public var description: String {
        switch self {
        case .shuffle: return "shuffle"
        case let .deflate(level): return "deflate(\(level))"
        case .fletcher32: return "fletcher32"
        case let .other(id, name): return "\(name.isEmpty ? "filter" : name)#\(id)"
        }
    }
}

/// A dataset's values read into memory, flattened in row-major (C) order, with their shape.
public struct HDF5Array<Element: Sendable & Equatable>: Sendable, Equatable {
    /// The values in row-major order; `values.count` is the product of `shape`.
    public var values: [Element]
    /// Extent of each dimension; `[]` for a scalar.
    public var shape: [Int]

    /// Pairs values with their shape (the caller guarantees they agree).
    public init(values: [Element], shape: [Int]) {
        self.values = values
        self.shape = shape
    }
}
