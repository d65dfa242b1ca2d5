import Foundation
import Testing
import HDF5Store
import SeededRandom

/// Writing a dataset in pieces with `append` and reading it back in row slabs
/// must reproduce the whole array, whatever the piece and chunk boundaries.
@Suite struct AppendAndSlabTests {
    @Test func appendedPiecesReadBackWholeAndInSlabs() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("pieces.h5")
        let rowShape = [4, 5]
        let rowSize = 20
        let totalRows = 1000
        var generator = SeededGenerator(seed: 11)
        let truth = (0..<(totalRows * rowSize)).map { _ in Float.random(in: 0..<1, using: &generator) }

        let writer = try HDF5File.create(atPath: path)
        try writer.createExtendibleDataset("/inputs", of: Float.self, rowShape: rowShape, chunkRows: 64, filters: .default)
        var written = 0
        // Piece sizes that straddle chunk boundaries, including empty and single-row pieces.
        let pieces = [1, 0, 63, 64, 65, 200, 7, 300, 1, 299]
        #expect(pieces.reduce(0, +) == totalRows)
        for rows in pieces {
            try writer.append(Array(truth[(written * rowSize)..<((written + rows) * rowSize)]), to: "/inputs")
            written += rows
            #expect(try writer.datasetInfo("/inputs").shape == [written, 4, 5])
        }
        try writer.close()

        let reader = try HDF5File.openReadOnly(atPath: path)
        #expect(try reader.read("/inputs", as: Float.self) == HDF5Array(values: truth, shape: [totalRows, 4, 5]))
        for _ in 0..<25 {
            let start = Int.random(in: 0...totalRows, using: &generator)
            let end = Int.random(in: start...totalRows, using: &generator)
            let slab = try reader.readRows(start..<end, of: "/inputs", as: Float.self)
            #expect(slab.shape == [end - start, 4, 5])
            #expect(slab.values == Array(truth[(start * rowSize)..<(end * rowSize)]))
        }
        let info = try reader.datasetInfo("/inputs")
        #expect(info.maxShape == [nil, 4, 5])
        #expect(info.chunks == [64, 4, 5])
    }

    @Test func extendibleDatasetCanBeAppendedAfterReopeningReadWrite() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("resume.h5")
        let writer = try HDF5File.create(atPath: path)
        try writer.createExtendibleDataset("/metrics/epoch", of: Int64.self, rowShape: [])
        try writer.append([Int64(0), 1, 2], to: "/metrics/epoch")
        try writer.close()

        let resumed = try HDF5File.openReadWrite(atPath: path)
        try resumed.append([Int64(3), 4], to: "/metrics/epoch")
        try resumed.setAttribute("resumed", to: UInt8(1), on: "/metrics")
        try resumed.close()

        let reader = try HDF5File.openReadOnly(atPath: path)
        #expect(try reader.read("/metrics/epoch", as: Int64.self) == HDF5Array(values: [0, 1, 2, 3, 4], shape: [5]))
        #expect(try reader.readRows(1..<4, of: "/metrics/epoch", as: Int64.self).values == [1, 2, 3])
        #expect(try reader.attribute("resumed", of: "/metrics", as: UInt8.self) == 1)
    }

    @Test func slabsOfFixedDatasetsMatchTheWholeArray() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("fixed.h5")
        let values = (0..<(30 * 7)).map { Double($0) }
        let writer = try HDF5File.create(atPath: path)
        try writer.write(values, shape: [30, 7], to: "/targets", chunks: [4, 7], filters: .deflate(level: 1, shuffle: false))
        try writer.close()
        let reader = try HDF5File.openReadOnly(atPath: path)
        #expect(try reader.readRows(29..<30, of: "/targets", as: Double.self).values == Array(values[203..<210]))
        #expect(try reader.readRows(3..<3, of: "/targets", as: Double.self) == HDF5Array(values: [], shape: [0, 7]))
    }
}
