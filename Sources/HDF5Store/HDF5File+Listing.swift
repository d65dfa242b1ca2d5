import CHDF5

/// Storage layout of one dataset: what `h5 ls` shows for it.
public struct HDF5DatasetInfo: Sendable, Equatable {
    /// Element type as stored.
    public var dataType: HDF5DataType
    /// Current extents (`[]` for a scalar).
    public var shape: [Int]
    /// Maximum extents; `nil` marks an unlimited (extendible) dimension.
    public var maxShape: [Int?]
    /// Chunk dimensions, or nil for contiguous or compact storage.
    public var chunks: [Int]?
    /// The filter pipeline, in application order.
    public var filters: [HDF5FilterDescription]
    /// Bytes the dataset's data occupies in the file (after compression).
    public var storedBytes: Int

    /// Memberwise initialiser.
    public init(dataType: HDF5DataType, shape: [Int], maxShape: [Int?], chunks: [Int]?,
                filters: [HDF5FilterDescription], storedBytes: Int) {
        self.dataType = dataType
        self.shape = shape
        self.maxShape = maxShape
        self.chunks = chunks
        self.filters = filters
        self.storedBytes = storedBytes
    }
}

/// Value of an attribute read generically, for listings.
public enum HDF5AttributeValue: Sendable, Equatable {
    /// Integer values of any width, widened to Int64 (unsigned 64-bit values above Int64.max saturate).
    case integers([Int64])
    /// Floating-point values of any width, widened to Double.
    case reals([Double])
    /// String values.
    case strings([String])
    /// A type HDF5Store does not decode (compound, enum, reference, …).
    case unsupported
}

/// One attribute: name, stored type, shape and values.
public struct HDF5AttributeInfo: Sendable, Equatable {
    /// Attribute name.
    public var name: String
    /// Element type as stored.
    public var dataType: HDF5DataType
    /// Extents (`[]` for a scalar).
    public var shape: [Int]
    /// The values, flattened.
    public var value: HDF5AttributeValue

    /// Memberwise initialiser.
    public init(name: String, dataType: HDF5DataType, shape: [Int], value: HDF5AttributeValue) {
        self.name = name
        self.dataType = dataType
        self.shape = shape
        self.value = value
    }
}

/// What kind of object a member is.
public enum HDF5ObjectKind: Sendable, Equatable {
    /// A group.
    case group
    /// A dataset, with its layout.
    case dataset(HDF5DatasetInfo)
    /// A named (committed) datatype.
    case namedDataType
    /// A link HDF5 cannot resolve (dangling soft link, missing external file).
    case unresolvedLink
}

/// One object in a file's hierarchy.
public struct HDF5Member: Sendable, Equatable {
    /// Canonical path, e.g. `/opf/status`.
    public var path: String
    /// What the object is.
    public var kind: HDF5ObjectKind
    /// Its attributes, in name order.
    public var attributes: [HDF5AttributeInfo]

    /// Memberwise initialiser.
    public init(path: String, kind: HDF5ObjectKind, attributes: [HDF5AttributeInfo]) {
        self.path = path
        self.kind = kind
        self.attributes = attributes
    }

    /// The last path component.
    public var name: String { String(path.split(separator: "/").last ?? "") }
}

extension HDF5File {
    /// The members of the group at `path`, in name order; with `recursive`,
    /// each group is followed by its own members (depth first). A group
    /// reachable twice through hard links is listed but not descended into again.
    public func members(of path: String = "/", recursive: Bool = true) throws -> [HDF5Member] {
        let canonical = try canonicalPath(path)
        return try withFile(writing: false) { fileID in
            let group = try openObject(fileID, canonical)
            defer { H5Oclose(group) }
            guard H5Iget_type(group) == H5I_GROUP else {
                let found = objectType(fileID, canonical).map(Self.kindName) ?? "unknown object"
                throw HDF5StoreError.wrongObjectKind(file: self.path, path: canonical, expected: "group", found: found)
            }
            var visited: Set<haddr_t> = [Self.address(group)]
            var result: [HDF5Member] = []
            try collectMembers(fileID, group, canonical, recursive: recursive, visited: &visited, into: &result)
            return result
        }
    }

    /// Layout of the dataset at `path`.
    public func datasetInfo(_ path: String) throws -> HDF5DatasetInfo {
        let canonical = try canonicalPath(path)
        return try withFile(writing: false) { fileID in
            try describeDataset(try dataset(fileID, canonical), canonical)
        }
    }

    /// All attributes of the object at `path` (`/` for the file's root group), in name order.
    public func attributes(of path: String = "/") throws -> [HDF5AttributeInfo] {
        let canonical = try canonicalPath(path)
        return try withFile(writing: false) { fileID in
            let object = try openObject(fileID, canonical)
            defer { H5Oclose(object) }
            return try describeAttributes(object, canonical)
        }
    }

    // MARK: - Internals

    private func collectMembers(_ fileID: hid_t, _ group: hid_t, _ groupPath: String, recursive: Bool,
                                visited: inout Set<haddr_t>, into result: inout [HDF5Member]) throws {
        var info = H5G_info_t()
        guard H5Gget_info(group, &info) >= 0 else { throw libraryFailure(groupPath, "list the group") }
        for index in 0..<info.nlinks {
            let nameLength = H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, p2p_H5P_DEFAULT())
            guard nameLength >= 0 else { throw libraryFailure(groupPath, "read member names") }
            var nameBuffer = [CChar](repeating: 0, count: Int(nameLength) + 1)
            H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, index, &nameBuffer, nameBuffer.count, p2p_H5P_DEFAULT())
            let name = HDF5StringCodec.string(fromNulTerminated: nameBuffer)
            let memberPath = groupPath == "/" ? "/" + name : groupPath + "/" + name
            let object = H5Oopen(group, name, p2p_H5P_DEFAULT())
            guard object >= 0 else {
                H5Eclear2(p2p_H5E_DEFAULT())
                result.append(HDF5Member(path: memberPath, kind: .unresolvedLink, attributes: []))
                continue
            }
            defer { H5Oclose(object) }
            let attributes = try describeAttributes(object, memberPath)
            switch H5Iget_type(object) {
            case H5I_GROUP:
                result.append(HDF5Member(path: memberPath, kind: .group, attributes: attributes))
                if recursive, visited.insert(Self.address(object)).inserted {
                    try collectMembers(fileID, object, memberPath, recursive: true, visited: &visited, into: &result)
                }
            case H5I_DATASET:
                result.append(HDF5Member(path: memberPath, kind: .dataset(try describeDataset(object, memberPath)),
                                         attributes: attributes))
            default:
                result.append(HDF5Member(path: memberPath, kind: .namedDataType, attributes: attributes))
            }
        }
    }

    private static func address(_ object: hid_t) -> haddr_t {
        var info = H5O_info_t()
        H5Oget_info2(object, &info, UInt32(H5O_INFO_BASIC))
        return info.addr
    }

    private func describeDataset(_ id: hid_t, _ objectPath: String) throws -> HDF5DatasetInfo {
        let storedType = H5Dget_type(id)
        defer { H5Tclose(storedType) }
        let (shape, maxShape) = try extents(id, objectPath)
        let creation = H5Dget_create_plist(id)
        defer { H5Pclose(creation) }
        var chunks: [Int]?
        if H5Pget_layout(creation) == H5D_CHUNKED {
            var chunkDims = [hsize_t](repeating: 0, count: shape.count)
            H5Pget_chunk(creation, Int32(shape.count), &chunkDims)
            chunks = chunkDims.map { Int($0) }
        }
        var filters: [HDF5FilterDescription] = []
        for index in 0..<max(0, H5Pget_nfilters(creation)) {
            var flags: UInt32 = 0
            var valueCount = 8
            var values = [UInt32](repeating: 0, count: 8)
            var name = [CChar](repeating: 0, count: 256)
            var configuration: UInt32 = 0
            let filter = H5Pget_filter2(creation, UInt32(index), &flags, &valueCount, &values, name.count, &name, &configuration)
            switch filter {
            case H5Z_filter_t(H5Z_FILTER_SHUFFLE): filters.append(.shuffle)
            case H5Z_filter_t(H5Z_FILTER_DEFLATE): filters.append(.deflate(level: valueCount > 0 ? Int(values[0]) : -1))
            case H5Z_filter_t(H5Z_FILTER_FLETCHER32): filters.append(.fletcher32)
            default: filters.append(.other(id: Int(filter), name: HDF5StringCodec.string(fromNulTerminated: name)))
            }
        }
        return HDF5DatasetInfo(dataType: .describing(storedType), shape: shape,
                               maxShape: maxShape.map { $0 == p2p_H5S_UNLIMITED() ? nil : Int($0) },
                               chunks: chunks, filters: filters, storedBytes: Int(H5Dget_storage_size(id)))
    }

    private func describeAttributes(_ object: hid_t, _ objectPath: String) throws -> [HDF5AttributeInfo] {
        var info = H5O_info_t()
        guard H5Oget_info2(object, &info, UInt32(H5O_INFO_NUM_ATTRS)) >= 0 else {
            throw libraryFailure(objectPath, "count the attributes")
        }
        return try (0..<info.num_attrs).map { index in
            let attribute = H5Aopen_by_idx(object, ".", H5_INDEX_NAME, H5_ITER_INC, index, p2p_H5P_DEFAULT(), p2p_H5P_DEFAULT())
            guard attribute >= 0 else { throw libraryFailure(objectPath, "open attribute #\(index)") }
            defer { H5Aclose(attribute) }
            let nameLength = H5Aget_name(attribute, 0, nil)
            var nameBuffer = [CChar](repeating: 0, count: max(0, nameLength) + 1)
            H5Aget_name(attribute, nameBuffer.count, &nameBuffer)
            let name = HDF5StringCodec.string(fromNulTerminated: nameBuffer)
            let storedType = H5Aget_type(attribute)
            defer { H5Tclose(storedType) }
            let space = H5Aget_space(attribute)
            defer { H5Sclose(space) }
            let rank = max(0, Int(H5Sget_simple_extent_ndims(space)))
            var dims = [hsize_t](repeating: 0, count: rank)
            if rank > 0 { H5Sget_simple_extent_dims(space, &dims, nil) }
            let value = try attributeValue(attribute, storedType, count: Int(H5Sget_simple_extent_npoints(space)),
                                           "\(objectPath)@\(name)")
            return HDF5AttributeInfo(name: name, dataType: .describing(storedType), shape: dims.map { Int($0) }, value: value)
        }
    }

    /// Reads an attribute's values, widening numbers to Int64 or Double.
    private func attributeValue(_ attribute: hid_t, _ storedType: hid_t, count: Int, _ objectPath: String) throws -> HDF5AttributeValue {
        switch H5Tget_class(storedType) {
        case H5T_INTEGER:
            var values = [Int64](repeating: 0, count: count)
            guard count == 0 || H5Aread(attribute, p2p_H5T_NATIVE_INT64(), &values) >= 0 else {
                throw libraryFailure(objectPath, "read the attribute")
            }
            return .integers(values)
        case H5T_FLOAT:
            var values = [Double](repeating: 0, count: count)
            guard count == 0 || H5Aread(attribute, p2p_H5T_NATIVE_DOUBLE(), &values) >= 0 else {
                throw libraryFailure(objectPath, "read the attribute")
            }
            return .reals(values)
        case H5T_STRING:
            guard let strings = Self.readStrings(attribute, storedType) else { throw libraryFailure(objectPath, "read the attribute") }
            return .strings(strings)
        default:
            return .unsupported
        }
    }
}
