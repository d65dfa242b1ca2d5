import Foundation
import Testing
import HDF5Store

/// Bad files and bad requests must surface as the matching typed error, naming
/// the file (and object), never as a crash or HDF5's own stderr dump.
@Suite struct ErrorTests {
    /// Writes a small valid file with a contiguous dataset of `count` doubles.
    private func writeValidFile(_ path: String, count: Int = 20_000) throws {
        let file = try HDF5File.create(atPath: path)
        try file.write((0..<count).map(Double.init), shape: [count], to: "/values")
        try file.setAttribute("note", to: "valid")
        try file.close()
    }

    @Test func missingFileIsFileNotFound() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("absent.h5")
        #expect(throws: HDF5StoreError.fileNotFound(file: path)) { try HDF5File.openReadOnly(atPath: path) }
        #expect(throws: HDF5StoreError.fileNotFound(file: path)) { try HDF5File.openReadWrite(atPath: path) }
    }

    @Test func emptyFileIsNotAnHDF5File() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("empty.h5")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        #expect(throws: HDF5StoreError.notAnHDF5File(file: path, reason: "the file is empty (0 bytes)")) {
            try HDF5File.openReadOnly(atPath: path)
        }
    }

    @Test func textFileAndDirectoryAreNotHDF5Files() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let text = scratch.file("notes.h5")
        try "bus,load_kW\n1,100\n".write(toFile: text, atomically: true, encoding: .utf8)
        #expect(throws: HDF5StoreError.notAnHDF5File(file: text, reason: "no HDF5 signature in its first bytes")) {
            try HDF5File.openReadOnly(atPath: text)
        }
        #expect(throws: HDF5StoreError.notAnHDF5File(file: scratch.path, reason: "it is a directory")) {
            try HDF5File.openReadOnly(atPath: scratch.path)
        }
    }

    @Test(arguments: [8, 64, 1000, 80_000, -1])
    func truncatedFileIsCorrupt(keptBytes: Int) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("truncated.h5")
        try writeValidFile(path)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        let kept = keptBytes < 0 ? whole.count - 1 : keptBytes
        try whole.prefix(kept).write(to: URL(fileURLWithPath: path))
        do {
            _ = try HDF5File.openReadOnly(atPath: path)
            Issue.record("a file truncated to \(kept) of \(whole.count) bytes opened")
        } catch let HDF5StoreError.corruptFile(file, reason) {
            #expect(file == path)
            #expect(!reason.isEmpty)
        }
    }

    @Test func damagedCompressedChunkFailsTheReadWithATypedError() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("damaged.h5")
        let writer = try HDF5File.create(atPath: path)
        let values = (0..<4096).map { Float($0).squareRoot() }
        try writer.write(values, shape: [4096], to: "/x", chunks: [4096], filters: .default)
        try writer.close()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        // The deflate stream is the bulk of the file; overwrite its middle.
        let middle = bytes.count / 2
        for offset in middle..<(middle + 64) { bytes[offset] ^= 0xA5 }
        try bytes.write(to: URL(fileURLWithPath: path))

        let reader = try HDF5File.openReadOnly(atPath: path)
        do {
            let read = try reader.read("/x", as: Float.self)
            Issue.record("damaged chunk read without error (\(read.values == values ? "same" : "different") values)")
        } catch let HDF5StoreError.libraryFailure(file, objectPath, _, details) {
            #expect(file == path)
            #expect(objectPath == "/x")
            #expect(!details.isEmpty)
        }
    }

    @Test func requestsThatDoNotFitTheFileGiveTypedErrors() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("requests.h5")
        try writeValidFile(path, count: 10)
        let reader = try HDF5File.openReadOnly(atPath: path)
        #expect(throws: HDF5StoreError.typeMismatch(file: path, path: "/values", stored: .float(bits: 64), requested: .float(bits: 32))) {
            try reader.read("/values", as: Float.self)
        }
        #expect(throws: HDF5StoreError.objectNotFound(file: path, path: "/nothing/here")) {
            try reader.read("/nothing/here", as: Double.self)
        }
        #expect(throws: HDF5StoreError.wrongObjectKind(file: path, path: "/", expected: "dataset", found: "group")) {
            try reader.read("/", as: Double.self)
        }
        #expect(throws: HDF5StoreError.attributeNotFound(file: path, path: "/", name: "seed")) {
            try reader.attribute("seed", as: Int64.self)
        }
        #expect(throws: HDF5StoreError.typeMismatch(file: path, path: "/@note", stored: .string(length: nil), requested: .float(bits: 64))) {
            try reader.attribute("note", as: Double.self)
        }
        let jsonError = #expect(throws: HDF5StoreError.self) { try reader.jsonAttribute("note", as: [Int].self) }
        guard case .invalidJSON(path, "/", "note", _)? = jsonError else { Issue.record("not invalidJSON: \(String(describing: jsonError))"); return }
        #expect(throws: HDF5StoreError.rowRangeOutOfBounds(file: path, path: "/values", range: 5..<11, rowCount: 10)) {
            try reader.readRows(5..<11, of: "/values", as: Double.self)
        }
        #expect(throws: HDF5StoreError.invalidPath(file: path, path: "/a/../b")) { try reader.exists("/a/../b") }
        #expect(throws: HDF5StoreError.readOnly(file: path)) { try reader.write([1.0], shape: [1], to: "/more") }
        #expect(throws: HDF5StoreError.readOnly(file: path)) { try reader.setAttribute("x", to: 1.0) }
        try reader.close()
        #expect(throws: HDF5StoreError.fileClosed(file: path)) { try reader.read("/values", as: Double.self) }
    }

    @Test func invalidWritesGiveTypedErrors() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("writes.h5")
        let writer = try HDF5File.create(atPath: path)
        try writer.write([Int32](repeating: 0, count: 6), shape: [2, 3], to: "/a")
        #expect(throws: HDF5StoreError.alreadyExists(file: path, path: "/a")) {
            try writer.write([Int32](repeating: 0, count: 6), shape: [2, 3], to: "a")
        }
        #expect(throws: HDF5StoreError.shapeMismatch(file: path, path: "/b", shape: [2, 3], valueCount: 5)) {
            try writer.write([Float](repeating: 0, count: 5), shape: [2, 3], to: "/b")
        }
        #expect(throws: HDF5StoreError.invalidChunks(file: path, path: "/c", chunks: [4, 3], shape: [2, 3])) {
            try writer.write([Float](repeating: 0, count: 6), shape: [2, 3], to: "/c", chunks: [4, 3])
        }
        #expect(throws: HDF5StoreError.invalidChunks(file: path, path: "/c", chunks: [2], shape: [2, 3])) {
            try writer.write([Float](repeating: 0, count: 6), shape: [2, 3], to: "/c", chunks: [2])
        }
        #expect(throws: HDF5StoreError.invalidFilters(file: path, path: "/c", reason: "deflate level 12 is outside 0…9")) {
            try writer.write([Float](repeating: 0, count: 6), shape: [2, 3], to: "/c", filters: .deflate(level: 12))
        }
        #expect(throws: HDF5StoreError.notExtendible(file: path, path: "/a")) { try writer.append([Int32(1), 2, 3], to: "/a") }
        #expect(throws: HDF5StoreError.wrongObjectKind(file: path, path: "/a", expected: "group", found: "dataset")) {
            try writer.write([Float(1)], shape: [1], to: "/a/inside")
        }
        #expect(throws: HDF5StoreError.invalidString(file: path, path: "/s", value: "nul\u{0}inside")) {
            try writer.write(["ok", "nul\u{0}inside"], to: "/s")
        }
        try writer.createExtendibleDataset("/rows", of: Float.self, rowShape: [3])
        #expect(throws: HDF5StoreError.shapeMismatch(file: path, path: "/rows", shape: [2, 3], valueCount: 4)) {
            try writer.append([Float(1), 2, 3, 4], to: "/rows")
        }
        #expect(throws: HDF5StoreError.typeMismatch(file: path, path: "/rows", stored: .float(bits: 32), requested: .float(bits: 64))) {
            try writer.append([1.0, 2.0, 3.0], to: "/rows")
        }
        try writer.close()
    }

    @Test func creatingInAMissingDirectoryIsCannotCreate() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("no/such/dir/out.h5")
        do {
            _ = try HDF5File.create(atPath: path)
            Issue.record("created a file in a missing directory")
        } catch let HDF5StoreError.cannotCreate(file, _) {
            #expect(file == path)
        }
    }

    @Test func errorDescriptionsNameTheFileAndObject() {
        let error = HDF5StoreError.typeMismatch(file: "/data/run.h5", path: "/opf/status", stored: .signedInteger(bits: 32),
                                                requested: .float(bits: 32))
        #expect(error.description == "/data/run.h5: /opf/status stores int32, requested float32")
        #expect(HDF5StoreError.corruptFile(file: "x.h5", reason: "truncated").description.hasPrefix("x.h5: corrupt"))
    }
}
