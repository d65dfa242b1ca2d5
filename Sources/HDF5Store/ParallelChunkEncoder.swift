import CHDF5
import Foundation

/// Encodes the chunks of an n-d array exactly as HDF5's shuffle and deflate
/// filters would, on several threads at once.
///
/// HDF5's filter pipeline compresses one chunk at a time on the calling thread,
/// so deflate bounds write speed (Reports/bench/hdf5.md). For a whole-dataset
/// write HDF5Store instead encodes chunks here in parallel and stores them with
/// `H5Dwrite_chunk`. The encoding is HDF5's own: shuffle puts byte j of element
/// i at `j * count + i`; deflate is zlib's `compress2` at the dataset's level;
/// edge chunks are padded with zeros (the default fill value). Chunk `k` is
/// the k-th in row-major order of the chunk grid, and the result does not
/// depend on the number of threads.
struct ParallelChunkEncoder {
    let shape: [Int]
    let chunks: [Int]
    let elementSize: Int
    let filters: HDF5Filters

    /// Number of chunks along each dimension.
    var gridShape: [Int] { zip(shape, chunks).map { ($0 + $1 - 1) / $1 } }

    /// Total number of chunks.
    var chunkCount: Int { gridShape.reduce(1, *) }

    /// Element offset of chunk `index` (row-major over the chunk grid) in the dataset.
    func origin(ofChunk index: Int) -> [Int] {
        var remainder = index
        var origin = [Int](repeating: 0, count: shape.count)
        for dimension in (0..<shape.count).reversed() {
            let grid = gridShape[dimension]
            origin[dimension] = (remainder % grid) * chunks[dimension]
            remainder /= grid
        }
        return origin
    }

    /// Encodes chunks `range` from the row-major `values` using up to `threads`
    /// threads; element i of the result is chunk `range.lowerBound + i`.
    func encode(_ values: UnsafeRawBufferPointer, chunks range: Range<Int>, threads: Int) -> [[UInt8]] {
        let slots = UnsafeMutableBufferPointer<[UInt8]>.allocate(capacity: range.count)
        slots.initialize(repeating: [])
        defer { slots.deinitialize().deallocate() }
        let shared = UncheckedSendable((values, slots))
        let workers = max(1, min(threads, range.count))
        // Each worker owns a fixed stride of chunks, so no two touch the same slot.
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let (source, destination) = shared.value
            for offset in stride(from: worker, to: range.count, by: workers) {
                destination[offset] = encodeChunk(range.lowerBound + offset, from: source)
            }
        }
        return Array(slots)
    }

    /// Gathers one chunk (zero-padded at the edges), then shuffles and deflates it.
    func encodeChunk(_ index: Int, from values: UnsafeRawBufferPointer) -> [UInt8] {
        let chunkOrigin = origin(ofChunk: index)
        let chunkElements = chunks.reduce(1, *)
        var raw = [UInt8](repeating: 0, count: chunkElements * elementSize)
        let rank = shape.count
        let extents = (0..<rank).map { min(chunks[$0], shape[$0] - chunkOrigin[$0]) }
        let runBytes = extents[rank - 1] * elementSize
        // Odometer over all but the last dimension; each step copies one contiguous run.
        var local = [Int](repeating: 0, count: rank)
        raw.withUnsafeMutableBytes { destination in
            while true {
                var sourceIndex = 0
                var destinationIndex = 0
                for dimension in 0..<rank {
                    sourceIndex = sourceIndex * shape[dimension] + chunkOrigin[dimension] + local[dimension]
                    destinationIndex = destinationIndex * chunks[dimension] + local[dimension]
                }
                destination.baseAddress!.advanced(by: destinationIndex * elementSize)
                    .copyMemory(from: values.baseAddress!.advanced(by: sourceIndex * elementSize), byteCount: runBytes)
                var dimension = rank - 2
                while dimension >= 0 {
                    local[dimension] += 1
                    if local[dimension] < extents[dimension] { break }
                    local[dimension] = 0
                    dimension -= 1
                }
                if dimension < 0 { break }
            }
        }
        if filters.shuffle && elementSize > 1 { raw = shuffled(raw, count: chunkElements) }
        guard let level = filters.deflateLevel else { return raw }
        return deflated(raw, level: level)
    }

    /// HDF5's shuffle filter: all first bytes of the elements, then all second bytes, ….
    private func shuffled(_ bytes: [UInt8], count: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: bytes.count)
        bytes.withUnsafeBufferPointer { input in
            result.withUnsafeMutableBufferPointer { output in
                for byte in 0..<elementSize {
                    let base = byte * count
                    for element in 0..<count { output[base + element] = input[element * elementSize + byte] }
                }
            }
        }
        return result
    }

    /// HDF5's deflate filter: one zlib stream (`compress2`) per chunk.
    private func deflated(_ bytes: [UInt8], level: Int) -> [UInt8] {
        var capacity = compressBound(uLong(bytes.count))
        var result = [UInt8](repeating: 0, count: Int(capacity))
        let status = result.withUnsafeMutableBufferPointer { output in
            bytes.withUnsafeBufferPointer { input in
                compress2(output.baseAddress, &capacity, input.baseAddress, uLong(bytes.count), Int32(level))
            }
        }
        // compressBound guarantees room, so compress2 can only fail on memory exhaustion.
        precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
        result.removeSubrange(Int(capacity)...)
        return result
    }
}

/// Hands buffers to worker threads that each read them or write disjoint parts.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
