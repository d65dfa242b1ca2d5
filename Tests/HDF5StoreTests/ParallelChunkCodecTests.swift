import CHDF5
import Foundation
import Testing
@testable import HDF5Store
import SeededRandom

/// HDF5Store compresses the chunks of whole-dataset writes itself, on several
/// threads; every stored chunk must be byte-for-byte what HDF5's own shuffle +
/// deflate pipeline stores, and the file must not depend on the thread count.
/// Reads of deflated datasets decode chunks on several threads too, and must
/// return exactly the written rows, or hand over to HDF5 when they cannot.
@Suite struct ParallelChunkCodecTests {
    /// Writes `values` with HDF5's C API and its own filter pipeline (the reference).
    /// Holds HDF5Store's process-wide lock, so the direct C calls never interleave with
    /// another test's HDF5Store operation (Swift Testing runs tests concurrently).
    private static func writeWithHDF5Pipeline(_ values: [Float], shape: [Int], chunks: [Int], level: UInt32, path: String) {
        HDF5Library.locked { writeWithHDF5PipelineHoldingLock(values, shape: shape, chunks: chunks, level: level, path: path) }
    }

    private static func writeWithHDF5PipelineHoldingLock(_ values: [Float], shape: [Int], chunks: [Int], level: UInt32, path: String) {
        let file = H5Fcreate(path, p2p_H5F_ACC_TRUNC(), p2p_H5P_DEFAULT(), p2p_H5P_DEFAULT())
        let space = H5Screate_simple(Int32(shape.count), shape.map { hsize_t($0) }, nil)
        let creation = H5Pcreate(p2p_H5P_DATASET_CREATE())
        H5Pset_chunk(creation, Int32(chunks.count), chunks.map { hsize_t($0) })
        H5Pset_shuffle(creation)
        H5Pset_deflate(creation, level)
        let dataset = H5Dcreate2(file, "/x", p2p_H5T_IEEE_F32LE(), space, p2p_H5P_DEFAULT(), creation, p2p_H5P_DEFAULT())
        _ = values.withUnsafeBytes { H5Dwrite(dataset, p2p_H5T_NATIVE_FLOAT(), p2p_H5S_ALL(), p2p_H5S_ALL(), p2p_H5P_DEFAULT(), $0.baseAddress) }
        H5Dclose(dataset)
        H5Pclose(creation)
        H5Sclose(space)
        H5Fclose(file)
    }

    /// The stored (filtered) bytes and filter mask of the chunk at `origin` of `/x`.
    private static func rawChunk(_ path: String, origin: [Int]) -> (bytes: [UInt8], mask: UInt32)? {
        HDF5Library.locked { rawChunkHoldingLock(path, origin: origin) }
    }

    private static func rawChunkHoldingLock(_ path: String, origin: [Int]) -> (bytes: [UInt8], mask: UInt32)? {
        let file = H5Fopen(path, p2p_H5F_ACC_RDONLY(), p2p_H5P_DEFAULT())
        defer { H5Fclose(file) }
        let dataset = H5Dopen2(file, "/x", p2p_H5P_DEFAULT())
        defer { H5Dclose(dataset) }
        let offset = origin.map { hsize_t($0) }
        var size: hsize_t = 0
        guard H5Dget_chunk_storage_size(dataset, offset, &size) >= 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        var mask: UInt32 = 0
        guard H5Dread_chunk(dataset, p2p_H5P_DEFAULT(), offset, &mask, &bytes) >= 0 else { return nil }
        return (bytes, mask)
    }

    @Test(arguments: [([1000, 4, 5], [64, 4, 5]), ([30, 7], [4, 3]), ([5, 6, 7, 3], [2, 4, 3, 2])])
    func chunksMatchHDF5sOwnFilterPipeline(shape: [Int], chunks: [Int]) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        var generator = SeededGenerator(seed: UInt64(shape.reduce(1, *)))
        let values = (0..<shape.reduce(1, *)).map { _ in Float.random(in: 0..<1, using: &generator) }
        let ours = scratch.file("ours.h5")
        let writer = try HDF5File.create(atPath: ours)
        try writer.write(values, shape: shape, to: "/x", chunks: chunks, filters: .deflate(level: 4), compressionThreads: 3)
        try writer.close()
        let reference = scratch.file("reference.h5")
        Self.writeWithHDF5Pipeline(values, shape: shape, chunks: chunks, level: 4, path: reference)

        let encoder = ParallelChunkEncoder(shape: shape, chunks: chunks, elementSize: 4, filters: .default)
        #expect(encoder.chunkCount == zip(shape, chunks).map { ($0 + $1 - 1) / $1 }.reduce(1, *))
        for index in 0..<encoder.chunkCount {
            let origin = encoder.origin(ofChunk: index)
            let expected = try #require(Self.rawChunk(reference, origin: origin))
            let actual = try #require(Self.rawChunk(ours, origin: origin))
            #expect(actual.mask == 0)
            #expect(actual.bytes == expected.bytes, "chunk at \(origin)")
        }
        #expect(try HDF5File.openReadOnly(atPath: ours).read("/x", as: Float.self).values == values)
    }

    @Test func fileBytesDoNotDependOnTheThreadCount() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        var generator = SeededGenerator(seed: 5)
        let values = (0..<(3000 * 20)).map { _ in Int32.random(in: -1000...1000, using: &generator) }
        var files: [Data] = []
        for threads in [1, 2, 7] {
            let path = scratch.file("threads\(threads).h5")
            let writer = try HDF5File.create(atPath: path)
            try writer.write(values, shape: [3000, 4, 5], to: "/x", chunks: [128, 4, 5], filters: .default, compressionThreads: threads)
            try writer.close()
            files.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        #expect(files[0] == files[1])
        #expect(files[0] == files[2])
    }

    @Test func parallelDecoderReturnsExactlyTheRequestedRows() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("slabs.h5")
        var generator = SeededGenerator(seed: 17)
        let cube = (0..<(1000 * 20)).map { _ in Float.random(in: 0..<1, using: &generator) }
        let grid = (0..<(30 * 7)).map { _ in Double.random(in: -1...1, using: &generator) }
        let writer = try HDF5File.create(atPath: path)
        try writer.write(cube, shape: [1000, 4, 5], to: "/cube", chunks: [64, 4, 5], filters: .default)
        try writer.write(grid, shape: [30, 7], to: "/grid", chunks: [4, 3], filters: .deflate(level: 6, shuffle: false))
        try writer.write(grid, shape: [30, 7], to: "/plain", chunks: [4, 3])
        try writer.write(grid, shape: [30, 7], to: "/shuffled", chunks: [4, 3], filters: HDF5Filters(shuffle: true, deflateLevel: nil))
        try writer.close()

        let reader = try HDF5File.openReadOnly(atPath: path)
        for _ in 0..<20 {
            let start = Int.random(in: 0..<1000, using: &generator)
            let end = Int.random(in: (start + 1)...1000, using: &generator)
            let slab = try #require(try reader.readChunksInParallel("/cube", rows: start..<end, shape: [1000, 4, 5], as: Float.self))
            #expect(slab == Array(cube[(start * 20)..<(end * 20)]), "rows \(start)..<\(end)")
            let gridStart = Int.random(in: 0..<30, using: &generator)
            let gridEnd = Int.random(in: (gridStart + 1)...30, using: &generator)
            let gridSlab = try #require(try reader.readChunksInParallel("/grid", rows: gridStart..<gridEnd, shape: [30, 7], as: Double.self))
            #expect(gridSlab == Array(grid[(gridStart * 7)..<(gridEnd * 7)]), "grid rows \(gridStart)..<\(gridEnd)")
        }
        #expect(try reader.readChunksInParallel("/plain", rows: 0..<30, shape: [30, 7], as: Double.self) == nil)
        #expect(try reader.readChunksInParallel("/shuffled", rows: 0..<30, shape: [30, 7], as: Double.self) == nil)
        #expect(try reader.read("/shuffled", as: Double.self).values == grid)
    }
}
