import CHDF5
import Foundation

/// Decodes deflated (and optionally shuffled) chunks on several threads and
/// copies the part of each that a read asked for into the result: the read-side
/// mirror of `ParallelChunkEncoder`.
///
/// It only decodes what it fully understands — zlib streams that inflate to
/// exactly one chunk; anything else makes the caller fall back to HDF5's own
/// (single-threaded) read, which also reports damaged data with HDF5's errors.
struct ParallelChunkDecoder {
    let shape: [Int]
    let chunks: [Int]
    let elementSize: Int
    let shuffled: Bool

    /// Bytes of one decoded chunk.
    var chunkBytes: Int { chunks.reduce(elementSize, *) }

    /// Origins (element offsets, row-major order) of the chunks holding rows `rows`.
    func chunkOrigins(forRows rows: Range<Int>) -> [[Int]] {
        guard !rows.isEmpty else { return [] }
        var ranges = zip(shape, chunks).map { extent, chunk in stride(from: 0, to: extent, by: chunk).map { $0 } }
        ranges[0] = stride(from: rows.lowerBound / chunks[0] * chunks[0], to: rows.upperBound, by: chunks[0]).map { $0 }
        return ranges.reduce([[]]) { prefixes, values in prefixes.flatMap { prefix in values.map { prefix + [$0] } } }
    }

    /// Inflates and unshuffles each stored chunk and copies its part of rows `rows`
    /// into `destination` (row-major, shape `[rows.count] + shape[1...]`), using up to
    /// `threads` threads. Returns false when any chunk does not inflate to exactly one chunk.
    func decode(_ stored: [[UInt8]], origins: [[Int]], rows: Range<Int>,
                into destination: UnsafeMutableRawBufferPointer, threads: Int) -> Bool {
        let failures = UnsafeMutableBufferPointer<Bool>.allocate(capacity: stored.count)
        failures.initialize(repeating: false)
        defer { failures.deinitialize().deallocate() }
        let shared = DecoderSharedBuffers(destination: destination, failures: failures)
        let workers = max(1, min(threads, stored.count))
        // Chunks cover disjoint parts of the destination, and each worker owns a fixed stride of them.
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: stored.count, by: workers) {
                guard let chunk = inflate(stored[index]) else {
                    shared.failures[index] = true
                    continue
                }
                copy(shuffled ? unshuffle(chunk) : chunk, origin: origins[index], rows: rows, into: shared.destination)
            }
        }
        return !failures.contains(true)
    }

    private func inflate(_ stored: [UInt8]) -> [UInt8]? {
        var result = [UInt8](repeating: 0, count: chunkBytes)
        var length = uLong(chunkBytes)
        let status = result.withUnsafeMutableBufferPointer { output in
            stored.withUnsafeBufferPointer { input in
                uncompress(output.baseAddress, &length, input.baseAddress, uLong(stored.count))
            }
        }
        return status == Z_OK && Int(length) == chunkBytes ? result : nil
    }

    /// Inverse of HDF5's shuffle filter.
    private func unshuffle(_ bytes: [UInt8]) -> [UInt8] {
        guard elementSize > 1 else { return bytes }
        let count = bytes.count / elementSize
        var result = [UInt8](repeating: 0, count: bytes.count)
        bytes.withUnsafeBufferPointer { input in
            result.withUnsafeMutableBufferPointer { output in
                for byte in 0..<elementSize {
                    let base = byte * count
                    for element in 0..<count { output[element * elementSize + byte] = input[base + element] }
                }
            }
        }
        return result
    }

    /// Copies the intersection of the chunk at `origin` with rows `rows` into the destination array.
    private func copy(_ chunk: [UInt8], origin: [Int], rows: Range<Int>, into destination: UnsafeMutableRawBufferPointer) {
        let rank = shape.count
        let lower = (0..<rank).map { $0 == 0 ? max(origin[0], rows.lowerBound) : origin[$0] }
        let upper = (0..<rank).map { min(origin[$0] + chunks[$0], $0 == 0 ? rows.upperBound : shape[$0]) }
        let destinationShape = [rows.count] + shape.dropFirst()
        let runBytes = (upper[rank - 1] - lower[rank - 1]) * elementSize
        var position = lower
        chunk.withUnsafeBytes { source in
            while true {
                var sourceIndex = 0
                var destinationIndex = 0
                for dimension in 0..<rank {
                    sourceIndex = sourceIndex * chunks[dimension] + position[dimension] - origin[dimension]
                    let shifted = dimension == 0 ? position[0] - rows.lowerBound : position[dimension]
                    destinationIndex = destinationIndex * destinationShape[dimension] + shifted
                }
                destination.baseAddress!.advanced(by: destinationIndex * elementSize)
                    .copyMemory(from: source.baseAddress!.advanced(by: sourceIndex * elementSize), byteCount: runBytes)
                var dimension = rank - 2
                while dimension >= 0 {
                    position[dimension] += 1
                    if position[dimension] < upper[dimension] { break }
                    position[dimension] = lower[dimension]
                    dimension -= 1
                }
                if dimension < 0 { break }
            }
        }
    }
}

/// The result buffer and failure flags that decoding threads write disjoint parts of.
private struct DecoderSharedBuffers: @unchecked Sendable {
    let destination: UnsafeMutableRawBufferPointer
    let failures: UnsafeMutableBufferPointer<Bool>
}
