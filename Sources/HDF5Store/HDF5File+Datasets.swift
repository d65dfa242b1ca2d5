import CHDF5
import Foundation

/// Datasets: whole n-d arrays, extendible row-wise datasets, and row slabs.
///
/// Shapes are row-major (C order) like numpy's; the first dimension is "rows".
/// Reads never convert between element types: reading a `float64` dataset as
/// `Float` is a `typeMismatch`, not a silent loss of precision. Reads of
/// deflated datasets decode chunks on all cores.
extension HDF5File {
    /// Writes a new n-d dataset holding `values` (row-major) with `shape`.
    ///
    /// - Parameters:
    ///   - chunks: chunk dimensions (same rank as `shape`, each 1…extent); nil
    ///     stores the data contiguously, unless `filters` need chunks, in which
    ///     case about 1 MiB of whole rows per chunk is chosen.
    ///   - filters: compression, e.g. `.default` (shuffle + deflate 4). Deflated
    ///     chunks are compressed on all cores, in exactly HDF5's format.
    /// Missing parent groups are created. Throws `alreadyExists` if `path` is taken.
    public func write<Element: HDF5Element>(_ values: [Element], shape: [Int], to path: String,
                                            chunks: [Int]? = nil, filters: HDF5Filters = .none) throws {
        try write(values, shape: shape, to: path, chunks: chunks, filters: filters,
                  compressionThreads: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// `write(_:shape:to:chunks:filters:)` with deflated chunks compressed on the
    /// calling thread when `compressionThreads` is 1, else on GCD's workers in
    /// batches of 8 chunks per thread (see `ParallelChunkEncoder`); the file's
    /// bytes do not depend on the thread count.
    func write<Element: HDF5Element>(_ values: [Element], shape: [Int], to path: String, chunks: [Int]?,
                                     filters: HDF5Filters, compressionThreads: Int) throws {
        let canonical = try canonicalPath(path)
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == values.count else {
            throw HDF5StoreError.shapeMismatch(file: self.path, path: canonical, shape: shape, valueCount: values.count)
        }
        let parallelLayout: [Int]? = try withFile(writing: true) { fileID in
            let layout = try chunkLayout(canonical, shape: shape, extendible: false, chunks: chunks, filters: filters,
                                         elementBytes: MemoryLayout<Element>.stride)
            let id = try createDataset(fileID, canonical, fileType: Element.hdf5DataType.fileTypeID!, shape: shape,
                                       extendible: false, chunks: layout, filters: filters)
            guard !values.isEmpty else { return nil }
            // The encoder stores native bytes as they are, so the file type must equal the native one.
            let nativeIsStored = H5Tequal(Element.hdf5DataType.fileTypeID!, Element.hdf5DataType.nativeTypeID!) > 0
            if let layout, filters.deflateLevel != nil, nativeIsStored { return layout }
            let status = values.withUnsafeBytes {
                H5Dwrite(id, Element.hdf5DataType.nativeTypeID!, p2p_H5S_ALL(), p2p_H5S_ALL(), p2p_H5P_DEFAULT(), $0.baseAddress)
            }
            guard status >= 0 else { throw libraryFailure(canonical, "write the dataset") }
            return nil
        }
        guard let parallelLayout else { return }
        let encoder = ParallelChunkEncoder(shape: shape, chunks: parallelLayout, elementSize: MemoryLayout<Element>.stride,
                                           filters: filters)
        let threads = max(1, compressionThreads)
        // Compress a few chunks per thread at a time, outside the HDF5 lock, to bound memory.
        let batch = threads * 8
        try values.withUnsafeBytes { raw in
            for start in stride(from: 0, to: encoder.chunkCount, by: batch) {
                let range = start..<min(start + batch, encoder.chunkCount)
                let encoded = encoder.encode(raw, chunks: range, threads: threads)
                try withFile(writing: true) { fileID in
                    let id = try dataset(fileID, canonical)
                    for (offset, bytes) in encoded.enumerated() {
                        let origin = encoder.origin(ofChunk: range.lowerBound + offset).map { hsize_t($0) }
                        let status = bytes.withUnsafeBytes {
                            H5Dwrite_chunk(id, p2p_H5P_DEFAULT(), 0, origin, $0.count, $0.baseAddress)
                        }
                        guard status >= 0 else { throw libraryFailure(canonical, "write chunk at \(origin)") }
                    }
                }
            }
        }
    }

    /// Writes a new dataset of variable-length UTF-8 strings with `shape`
    /// (default: one dimension of `strings.count`).
    public func write(_ strings: [String], shape: [Int]? = nil, to path: String) throws {
        let canonical = try canonicalPath(path)
        let shape = shape ?? [strings.count]
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == strings.count else {
            throw HDF5StoreError.shapeMismatch(file: self.path, path: canonical, shape: shape, valueCount: strings.count)
        }
        if let bad = HDF5StringCodec.firstInvalid(strings) {
            throw HDF5StoreError.invalidString(file: self.path, path: canonical, value: bad)
        }
        try withFile(writing: true) { fileID in
            let stringType = HDF5StringCodec.variableLengthUTF8Type()
            defer { H5Tclose(stringType) }
            let id = try createDataset(fileID, canonical, fileType: stringType, shape: shape, extendible: false,
                                       chunks: nil, filters: .none)
            guard !strings.isEmpty else { return }
            let status = HDF5StringCodec.withCStringPointers(strings) {
                H5Dwrite(id, stringType, p2p_H5S_ALL(), p2p_H5S_ALL(), p2p_H5P_DEFAULT(), $0)
            }
            guard status >= 0 else { throw libraryFailure(canonical, "write the string dataset") }
        }
    }

    /// Creates an empty dataset of rows shaped `rowShape`, extendible along its
    /// first dimension with `append(_:to:)`, so data larger than memory can be
    /// written piece by piece.
    ///
    /// - Parameter chunkRows: rows per chunk; nil chooses about 1 MiB per chunk.
    public func createExtendibleDataset<Element: HDF5Element>(_ path: String, of type: Element.Type, rowShape: [Int],
                                                              chunkRows: Int? = nil, filters: HDF5Filters = .none) throws {
        let canonical = try canonicalPath(path)
        let shape = [0] + rowShape
        guard rowShape.allSatisfy({ $0 > 0 }) else {
            throw HDF5StoreError.shapeMismatch(file: self.path, path: canonical, shape: shape, valueCount: 0)
        }
        try withFile(writing: true) { fileID in
            let layout = try chunkLayout(canonical, shape: shape, extendible: true, chunks: chunkRows.map { [$0] + rowShape },
                                         filters: filters, elementBytes: MemoryLayout<Element>.stride)
            _ = try createDataset(fileID, canonical, fileType: Element.hdf5DataType.fileTypeID!, shape: shape,
                                  extendible: true, chunks: layout, filters: filters)
        }
    }

    /// Appends whole rows to an extendible dataset; `values.count` must be a
    /// multiple of the row size (the product of the dataset's trailing extents).
    public func append<Element: HDF5Element>(_ values: [Element], to path: String) throws {
        let canonical = try canonicalPath(path)
        try withFile(writing: true) { fileID in
            let id = try dataset(fileID, canonical)
            try requireType(id, canonical, Element.hdf5DataType)
            let (shape, maxShape) = try extents(id, canonical)
            guard let rows = shape.first, maxShape.first == p2p_H5S_UNLIMITED() else {
                throw HDF5StoreError.notExtendible(file: self.path, path: canonical)
            }
            let rowSize = shape.dropFirst().reduce(1, *)
            guard values.count % rowSize == 0 else {
                throw HDF5StoreError.shapeMismatch(file: self.path, path: canonical,
                                                   shape: [values.count / rowSize + 1] + shape.dropFirst(), valueCount: values.count)
            }
            let newRows = values.count / rowSize
            guard newRows > 0 else { return }
            var newShape = shape.map { hsize_t($0) }
            newShape[0] = hsize_t(rows + newRows)
            guard H5Dset_extent(id, newShape) >= 0 else { throw libraryFailure(canonical, "extend the dataset") }
            let status = try withRowSelection(id, canonical, rows..<(rows + newRows), shape: newShape.map { Int($0) }) { memory, file in
                values.withUnsafeBytes {
                    H5Dwrite(id, Element.hdf5DataType.nativeTypeID!, memory, file, p2p_H5P_DEFAULT(), $0.baseAddress)
                }
            }
            guard status >= 0 else { throw libraryFailure(canonical, "append rows") }
        }
    }

    /// Reads a whole numeric dataset.
    public func read<Element: HDF5Element>(_ path: String, as type: Element.Type) throws -> HDF5Array<Element> {
        let canonical = try canonicalPath(path)
        let shape = try withFile(writing: false) { fileID in
            let id = try dataset(fileID, canonical)
            try requireType(id, canonical, Element.hdf5DataType)
            return try extents(id, canonical).shape
        }
        if let rowCount = shape.first, let values = try readChunksInParallel(canonical, rows: 0..<rowCount, shape: shape,
                                                                          as: Element.self) {
            return HDF5Array(values: values, shape: shape)
        }
        return try withFile(writing: false) { fileID in
            let id = try dataset(fileID, canonical)
            let shape = try extents(id, canonical).shape
            let count = shape.reduce(1, *)
            var status: herr_t = 0
            let values = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
                if count > 0 {
                    status = H5Dread(id, Element.hdf5DataType.nativeTypeID!, p2p_H5S_ALL(), p2p_H5S_ALL(), p2p_H5P_DEFAULT(),
                                     buffer.baseAddress)
                }
                initialized = status >= 0 ? count : 0
            }
            guard status >= 0 else { throw libraryFailure(canonical, "read the dataset") }
            return HDF5Array(values: values, shape: shape)
        }
    }

    /// Reads rows `rows` (along the first dimension) of a numeric dataset of rank ≥ 1;
    /// the result's shape is `[rows.count] + trailing extents`.
    public func readRows<Element: HDF5Element>(_ rows: Range<Int>, of path: String, as type: Element.Type) throws -> HDF5Array<Element> {
        let canonical = try canonicalPath(path)
        let shape = try withFile(writing: false) { fileID in
            let id = try dataset(fileID, canonical)
            try requireType(id, canonical, Element.hdf5DataType)
            let shape = try extents(id, canonical).shape
            guard let rowCount = shape.first, rows.lowerBound >= 0, rows.upperBound <= rowCount else {
                throw HDF5StoreError.rowRangeOutOfBounds(file: self.path, path: canonical, range: rows, rowCount: shape.first ?? 0)
            }
            return shape
        }
        let resultShape = [rows.count] + shape.dropFirst()
        let count = resultShape.reduce(1, *)
        guard count > 0 else { return HDF5Array(values: [], shape: resultShape) }
        if let values = try readChunksInParallel(canonical, rows: rows, shape: shape, as: Element.self) {
            return HDF5Array(values: values, shape: resultShape)
        }
        return try withFile(writing: false) { fileID in
            let id = try dataset(fileID, canonical)
            var status: herr_t = 0
            let values = try [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
                status = try withRowSelection(id, canonical, rows, shape: shape) { memory, file in
                    H5Dread(id, Element.hdf5DataType.nativeTypeID!, memory, file, p2p_H5P_DEFAULT(), buffer.baseAddress)
                }
                initialized = status >= 0 ? count : 0
            }
            guard status >= 0 else { throw libraryFailure(canonical, "read rows") }
            return HDF5Array(values: values, shape: resultShape)
        }
    }

    /// Reads a whole string dataset (variable- or fixed-length strings).
    public func readStrings(_ path: String) throws -> HDF5Array<String> {
        let canonical = try canonicalPath(path)
        return try withFile(writing: false) { fileID in
            let id = try dataset(fileID, canonical)
            let storedType = H5Dget_type(id)
            defer { H5Tclose(storedType) }
            guard H5Tget_class(storedType) == H5T_STRING else {
                throw HDF5StoreError.typeMismatch(file: self.path, path: canonical, stored: .describing(storedType),
                                                  requested: .string(length: nil))
            }
            let shape = try extents(id, canonical).shape
            let space = H5Dget_space(id)
            defer { H5Sclose(space) }
            let strings = HDF5StringCodec.readStrings(count: shape.reduce(1, *), storedType: storedType, space: space) {
                H5Dread(id, $0, p2p_H5S_ALL(), p2p_H5S_ALL(), p2p_H5P_DEFAULT(), $1)
            }
            guard let strings else { throw libraryFailure(canonical, "read the string dataset") }
            return HDF5Array(values: strings, shape: shape)
        }
    }

    // MARK: - Internals

    /// Throws `typeMismatch` unless the dataset stores `requested` (any byte order).
    private func requireType(_ id: hid_t, _ canonical: String, _ requested: HDF5DataType) throws {
        let storedType = H5Dget_type(id)
        defer { H5Tclose(storedType) }
        let stored = HDF5DataType.describing(storedType)
        guard stored == requested else {
            throw HDF5StoreError.typeMismatch(file: path, path: canonical, stored: stored, requested: requested)
        }
    }

    /// Current and maximum extents of an open dataset (rank 0 for scalars).
    func extents(_ id: hid_t, _ canonical: String) throws -> (shape: [Int], maxShape: [hsize_t]) {
        let space = H5Dget_space(id)
        guard space >= 0 else { throw libraryFailure(canonical, "get the dataspace") }
        defer { H5Sclose(space) }
        let rank = Int(H5Sget_simple_extent_ndims(space))
        guard rank > 0 else { return ([], []) }
        var dims = [hsize_t](repeating: 0, count: rank)
        var maxDims = [hsize_t](repeating: 0, count: rank)
        H5Sget_simple_extent_dims(space, &dims, &maxDims)
        return (dims.map { Int($0) }, maxDims)
    }

    /// Selects `rows` of the dataset in a file dataspace and a matching memory
    /// dataspace, and runs `transfer(memorySpace, fileSpace)`.
    func withRowSelection(_ id: hid_t, _ canonical: String, _ rows: Range<Int>, shape: [Int],
                                  _ transfer: (hid_t, hid_t) -> herr_t) throws -> herr_t {
        let fileSpace = H5Dget_space(id)
        guard fileSpace >= 0 else { throw libraryFailure(canonical, "get the dataspace") }
        defer { H5Sclose(fileSpace) }
        var start = [hsize_t](repeating: 0, count: shape.count)
        start[0] = hsize_t(rows.lowerBound)
        var count = shape.map { hsize_t($0) }
        count[0] = hsize_t(rows.count)
        guard H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, start, nil, count, nil) >= 0 else {
            throw libraryFailure(canonical, "select rows \(rows)")
        }
        let memorySpace = H5Screate_simple(Int32(count.count), count, nil)
        defer { H5Sclose(memorySpace) }
        return transfer(memorySpace, fileSpace)
    }

    /// Validated chunk dimensions, or nil for contiguous storage.
    private func chunkLayout(_ canonical: String, shape: [Int], extendible: Bool, chunks: [Int]?,
                             filters: HDF5Filters, elementBytes: Int) throws -> [Int]? {
        if let level = filters.deflateLevel, !(0...9).contains(level) {
            throw HDF5StoreError.invalidFilters(file: path, path: canonical, reason: "deflate level \(level) is outside 0…9")
        }
        if let chunks {
            let fits = chunks.count == shape.count && !shape.isEmpty
                && zip(chunks.indices, chunks).allSatisfy { index, extent in
                    extent > 0 && ((extendible && index == 0) || extent <= shape[index])
                }
            guard fits else { throw HDF5StoreError.invalidChunks(file: path, path: canonical, chunks: chunks, shape: shape) }
            return chunks
        }
        guard extendible || !filters.isEmpty else { return nil }
        guard !shape.isEmpty else {
            throw HDF5StoreError.invalidFilters(file: path, path: canonical, reason: "a scalar dataset cannot be compressed")
        }
        // An empty fixed-size dataset has nothing to compress and cannot be chunked.
        if !extendible && shape.contains(0) { return nil }
        let rowBytes = max(1, shape.dropFirst().reduce(elementBytes, *))
        let targetRows = max(1, (1 << 20) / rowBytes)
        return [extendible ? targetRows : min(targetRows, shape[0])] + shape.dropFirst()
    }

    /// Creates a dataset with the given type, extents, layout and filters, without
    /// object times, creating missing parent groups; returns its (cached) identifier.
    private func createDataset(_ fileID: hid_t, _ canonical: String, fileType: hid_t, shape: [Int], extendible: Bool,
                               chunks: [Int]?, filters: HDF5Filters) throws -> hid_t {
        guard canonical != "/" else { throw HDF5StoreError.invalidPath(file: path, path: canonical) }
        try ensureGroup(fileID, Self.parentPath(canonical))
        if objectType(fileID, canonical) != nil { throw HDF5StoreError.alreadyExists(file: path, path: canonical) }
        let dims = shape.map { hsize_t($0) }
        var maxDims = dims
        if extendible { maxDims[0] = p2p_H5S_UNLIMITED() }
        let space = shape.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(shape.count), dims, maxDims)
        defer { H5Sclose(space) }
        let creation = H5Pcreate(p2p_H5P_DATASET_CREATE())
        defer { H5Pclose(creation) }
        H5Pset_obj_track_times(creation, false)
        if let chunks {
            H5Pset_chunk(creation, Int32(chunks.count), chunks.map { hsize_t($0) })
            if filters.shuffle { H5Pset_shuffle(creation) }
            if let level = filters.deflateLevel {
                guard H5Zfilter_avail(H5Z_filter_t(H5Z_FILTER_DEFLATE)) > 0 else {
                    throw HDF5StoreError.invalidFilters(file: path, path: canonical, reason: "this HDF5 build has no deflate filter")
                }
                H5Pset_deflate(creation, UInt32(level))
            }
        } else if !filters.isEmpty {
            throw HDF5StoreError.invalidFilters(file: path, path: canonical, reason: "an empty dataset cannot be compressed")
        }
        let id = H5Dcreate2(fileID, canonical, fileType, space, p2p_H5P_DEFAULT(), creation, Self.datasetAccessList)
        guard id >= 0 else { throw libraryFailure(canonical, "create the dataset") }
        cacheDataset(canonical, id)
        return id
    }
}
