import Foundation
import Testing
import HDF5Store

/// A created file must appear at its final path only when complete, and two
/// writes of the same content must give the same bytes.
@Suite struct AtomicCreationTests {
    @Test func finalPathAppearsOnlyOnClose() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("run.h5")
        let writer = try HDF5File.create(atPath: path)
        try writer.write([Float](repeating: 1, count: 1000), shape: [100, 10], to: "/inputs")
        #expect(!FileManager.default.fileExists(atPath: path))
        let pending = scratch.contents()
        #expect(pending.count == 1 && pending[0].hasPrefix("run.h5.tmp-"))
        try writer.close()
        #expect(scratch.contents() == ["run.h5"])
        #expect(try HDF5File.openReadOnly(atPath: path).read("/inputs", as: Float.self).shape == [100, 10])
    }

    @Test func droppedWriterLeavesNothingBehind() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("abandoned.h5")
        do {
            let writer = try HDF5File.create(atPath: path)
            try writer.write([Double](repeating: 2, count: 64), shape: [64], to: "/x")
            #expect(scratch.contents().count == 1)
        }
        #expect(scratch.contents().isEmpty)
    }

    @Test func existingFileStaysIntactUntilItsReplacementIsClosed() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("model.h5")
        let first = try HDF5File.create(atPath: path)
        try first.write([Int64(1)], shape: [1], to: "/version")
        try first.close()

        let second = try HDF5File.create(atPath: path)
        try second.write([Int64(2)], shape: [1], to: "/version")
        #expect(try HDF5File.openReadOnly(atPath: path).read("/version", as: Int64.self).values == [1])
        try second.close()
        #expect(try HDF5File.openReadOnly(atPath: path).read("/version", as: Int64.self).values == [2])
        #expect(scratch.contents() == ["model.h5"])
    }

    /// Writes a file exercising every kind of object HDF5Store creates.
    private func writeRichFile(_ path: String) throws {
        let file = try HDF5File.create(atPath: path)
        try file.write((0..<2000).map { Float($0) * 0.5 }, shape: [100, 4, 5], to: "/inputs", chunks: [32, 4, 5], filters: .default)
        try file.write((0..<100).map { Int32($0 % 3) }, shape: [100], to: "/opf/status")
        try file.write((0..<100).map { UInt8($0 % 2) }, shape: [100], to: "/opf/accepted")
        try file.write(["P_load_n", "pf", "P_net_n", "c_ls", "lambda_corr"], to: "/names")
        try file.createExtendibleDataset("/history/loss", of: Double.self, rowShape: [2], chunkRows: 8, filters: .default)
        try file.append([1.0, 0.9, 0.8, 0.7, 0.6, 0.5], to: "/history/loss")
        try file.append([0.4, 0.3], to: "/history/loss")
        try file.setAttribute("feature_names", to: ["P_load_n", "pf"], on: "/inputs")
        try file.setJSONAttribute("config", to: ["seed": 7, "samples": 100])
        try file.setAttribute("seed", to: Int64(7))
        try file.close()
    }

    @Test func identicalWritesGiveIdenticalBytes() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try writeRichFile(scratch.file("a.h5"))
        // HDF5 stores object times with one-second resolution by default; wait
        // past a second boundary so recorded times would differ.
        Thread.sleep(forTimeInterval: 1.1)
        try writeRichFile(scratch.file("b.h5"))
        let first = try Data(contentsOf: URL(fileURLWithPath: scratch.file("a.h5")))
        let second = try Data(contentsOf: URL(fileURLWithPath: scratch.file("b.h5")))
        #expect(first.count > 0)
        #expect(first == second)
    }
}
