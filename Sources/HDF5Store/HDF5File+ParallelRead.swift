import CHDF5
import Foundation

/// Multi-threaded reads of deflated datasets (see `ParallelChunkDecoder`).
extension HDF5File {
    /// Rows `rows` of the dataset at canonical `path`, decoded on all cores, or nil
    /// when the dataset is not one the parallel decoder handles (not deflated, a
    /// stored type needing conversion, unallocated or partially filtered chunks,
    /// data that does not inflate); the caller then reads through HDF5.
    func readChunksInParallel<Element: HDF5Element>(_ canonical: String, rows: Range<Int>, shape: [Int],
                                                    as type: Element.Type) throws -> [Element]? {
        let threads = ProcessInfo.processInfo.activeProcessorCount
        guard let decoder = try withFile(writing: false, { try parallelDecoder($0, canonical, shape: shape, Element.self) }) else {
            return nil
        }
        let origins = decoder.chunkOrigins(forRows: rows)
        let count = ([rows.count] + shape.dropFirst()).reduce(1, *)
        var complete = true
        // A few chunks per thread at a time: raw chunks are fetched under the HDF5
        // lock, then decoded outside it.
        let batch = threads * 4
        let values = try [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            let destination = UnsafeMutableRawBufferPointer(buffer)
            for start in stride(from: 0, to: origins.count, by: batch) {
                let batchOrigins = Array(origins[start..<min(start + batch, origins.count)])
                let stored = try withFile(writing: false) { fileID in try storedChunks(fileID, canonical, batchOrigins) }
                guard let stored, decoder.decode(stored, origins: batchOrigins, rows: rows, into: destination, threads: threads) else {
                    complete = false
                    return
                }
            }
            initialized = count
        }
        return complete ? values : nil
    }

    /// A decoder for the dataset when its chunks are `[shuffle,] deflate` of `Element`'s native bytes.
    private func parallelDecoder<Element: HDF5Element>(_ fileID: hid_t, _ canonical: String, shape: [Int],
                                                       _ type: Element.Type) throws -> ParallelChunkDecoder? {
        let id = try dataset(fileID, canonical)
        let storedType = H5Dget_type(id)
        defer { H5Tclose(storedType) }
        guard H5Tequal(storedType, Element.hdf5DataType.nativeTypeID!) > 0 else { return nil }
        let creation = H5Dget_create_plist(id)
        defer { H5Pclose(creation) }
        guard H5Pget_layout(creation) == H5D_CHUNKED else { return nil }
        var filterIDs: [H5Z_filter_t] = []
        for index in 0..<max(0, H5Pget_nfilters(creation)) {
            var flags: UInt32 = 0
            var valueCount = 0
            var configuration: UInt32 = 0
            filterIDs.append(H5Pget_filter2(creation, UInt32(index), &flags, &valueCount, nil, 0, nil, &configuration))
        }
        let deflate = H5Z_filter_t(H5Z_FILTER_DEFLATE)
        let shuffle = H5Z_filter_t(H5Z_FILTER_SHUFFLE)
        guard filterIDs == [deflate] || filterIDs == [shuffle, deflate] else { return nil }
        var chunkDims = [hsize_t](repeating: 0, count: shape.count)
        guard H5Pget_chunk(creation, Int32(shape.count), &chunkDims) == Int32(shape.count) else { return nil }
        return ParallelChunkDecoder(shape: shape, chunks: chunkDims.map { Int($0) }, elementSize: MemoryLayout<Element>.stride,
                                    shuffled: filterIDs.count == 2)
    }

    /// The stored bytes of the chunks at `origins`, or nil if any is unallocated
    /// or was stored with some of its filters skipped.
    private func storedChunks(_ fileID: hid_t, _ canonical: String, _ origins: [[Int]]) throws -> [[UInt8]]? {
        let id = try dataset(fileID, canonical)
        var result: [[UInt8]] = []
        result.reserveCapacity(origins.count)
        for origin in origins {
            let offset = origin.map { hsize_t($0) }
            var size: hsize_t = 0
            guard H5Dget_chunk_storage_size(id, offset, &size) >= 0, size > 0 else {
                H5Eclear2(p2p_H5E_DEFAULT())
                return nil
            }
            var bytes = [UInt8](repeating: 0, count: Int(size))
            var skippedFilters: UInt32 = 0
            guard H5Dread_chunk(id, p2p_H5P_DEFAULT(), offset, &skippedFilters, &bytes) >= 0, skippedFilters == 0 else {
                H5Eclear2(p2p_H5E_DEFAULT())
                return nil
            }
            result.append(bytes)
        }
        return result
    }
}
