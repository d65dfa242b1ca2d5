import Foundation
import Testing
import HDF5Store
import SeededRandom

/// Round trips over randomly drawn ranks 1–4, shapes, chunk sizes, filters and
/// element types, from a seeded generator so any failure replays exactly.
@Suite struct PropertyTests {
    /// A check to run on the reopened file for one randomly drawn dataset.
    typealias Verification = (HDF5File) throws -> Void

    private static func randomShape(using generator: inout SeededGenerator) -> [Int] {
        let rank = Int.random(in: 1...4, using: &generator)
        return (0..<rank).map { _ in Int.random(in: 1...9, using: &generator) }
    }

    /// Writes one random dataset of element type `Element` and returns how to verify it.
    private static func writeRandom<Element: RandomElement>(_ type: Element.Type, to file: HDF5File, path: String,
                                                            using generator: inout SeededGenerator) throws -> Verification {
        let shape = randomShape(using: &generator)
        let values = (0..<shape.reduce(1, *)).map { _ in Element.random(using: &generator) }
        let chunked = Bool.random(using: &generator)
        let chunks = chunked ? shape.map { Int.random(in: 1...$0, using: &generator) } : nil
        let filterChoices: [HDF5Filters] = [.none, .default, .deflate(level: 1, shuffle: false), HDF5Filters(shuffle: true, deflateLevel: nil)]
        let filters = chunked ? filterChoices.randomElement(using: &generator)! : .none
        try file.write(values, shape: shape, to: path, chunks: chunks, filters: filters)
        let start = Int.random(in: 0..<shape[0], using: &generator)
        let end = Int.random(in: start...shape[0], using: &generator)
        let rowSize = shape.dropFirst().reduce(1, *)
        return { reader in
            #expect(try reader.read(path, as: Element.self) == HDF5Array(values: values, shape: shape), "\(path) \(shape)")
            let slab = try reader.readRows(start..<end, of: path, as: Element.self)
            #expect(slab.values == Array(values[(start * rowSize)..<(end * rowSize)]), "\(path) rows \(start)..<\(end)")
            let info = try reader.datasetInfo(path)
            #expect(info.dataType == Element.hdf5DataType)
            #expect(info.chunks == chunks, "\(path) chunks")
            var expectedFilters: [HDF5FilterDescription] = filters.shuffle ? [.shuffle] : []
            if let level = filters.deflateLevel { expectedFilters.append(.deflate(level: level)) }
            #expect(info.filters == expectedFilters, "\(path) filters")
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func randomDatasetsRoundTrip(seed: UInt64) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("random.h5")
        var generator = SeededGenerator(seed: seed)
        let writer = try HDF5File.create(atPath: path)
        var verifications: [Verification] = []
        for index in 0..<40 {
            let datasetPath = "/group\(index % 3)/d\(index)"
            switch Int.random(in: 0..<5, using: &generator) {
            case 0: verifications.append(try Self.writeRandom(Float.self, to: writer, path: datasetPath, using: &generator))
            case 1: verifications.append(try Self.writeRandom(Double.self, to: writer, path: datasetPath, using: &generator))
            case 2: verifications.append(try Self.writeRandom(Int32.self, to: writer, path: datasetPath, using: &generator))
            case 3: verifications.append(try Self.writeRandom(Int64.self, to: writer, path: datasetPath, using: &generator))
            default: verifications.append(try Self.writeRandom(UInt8.self, to: writer, path: datasetPath, using: &generator))
            }
        }
        try writer.close()
        let reader = try HDF5File.openReadOnly(atPath: path)
        for verify in verifications { try verify(reader) }
        #expect(try reader.members().filter { if case .dataset = $0.kind { return true } else { return false } }.count == 40)
    }

    @Test(arguments: [UInt64(7), 8])
    func randomAppendsMatchOneShotWrites(seed: UInt64) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        var generator = SeededGenerator(seed: seed)
        for case_ in 0..<6 {
            let rowShape = Array(Self.randomShape(using: &generator).dropFirst())
            let rowSize = rowShape.reduce(1, *)
            let rows = Int.random(in: 1...300, using: &generator)
            let values = (0..<(rows * rowSize)).map { _ in Int32.random(using: &generator) }
            let chunkRows = Int.random(in: 1...50, using: &generator)
            let path = scratch.file("append\(case_).h5")
            let writer = try HDF5File.create(atPath: path)
            try writer.createExtendibleDataset("/x", of: Int32.self, rowShape: rowShape, chunkRows: chunkRows, filters: .default)
            var written = 0
            while written < rows {
                let piece = Int.random(in: 0...(rows - written), using: &generator)
                try writer.append(Array(values[(written * rowSize)..<((written + piece) * rowSize)]), to: "/x")
                written += piece
            }
            try writer.close()
            #expect(try HDF5File.openReadOnly(atPath: path).read("/x", as: Int32.self) == HDF5Array(values: values, shape: [rows] + rowShape))
        }
    }
}
