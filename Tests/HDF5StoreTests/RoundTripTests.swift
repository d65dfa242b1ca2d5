import Foundation
import Testing
import HDF5Store

/// Values written through HDF5Store, closed, and read back from a fresh handle
/// must be exactly what was written, with the stored layout the writer asked for.
@Suite struct RoundTripTests {
    @Test func everyNumericElementTypeRoundTripsExactly() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("types.h5")
        let floats: [Float] = [0, -0.0, 1.5, .pi, .greatestFiniteMagnitude, -.leastNonzeroMagnitude, .infinity]
        let doubles: [Double] = [1e-300, -2.5, .pi, 6.02214076e23, -.infinity, 0.1]
        let int32s: [Int32] = [.min, -1, 0, 1, .max, 42]
        let int64s: [Int64] = [.min, -1, 0, 1, .max, 1 << 40]
        let bytes: [UInt8] = [0, 1, 127, 128, 254, 255]

        let writer = try HDF5File.create(atPath: path)
        try writer.write(floats, shape: [7], to: "/f32")
        try writer.write(doubles, shape: [2, 3], to: "/f64")
        try writer.write(int32s, shape: [3, 2], to: "/ints/i32")
        try writer.write(int64s, shape: [1, 2, 3], to: "/ints/i64")
        try writer.write(bytes, shape: [6], to: "u8", chunks: [4], filters: .default)
        try writer.write([Double(7.25)], shape: [], to: "/scalar")
        try writer.write([Float](), shape: [0, 3], to: "/empty")
        try writer.close()

        let reader = try HDF5File.openReadOnly(atPath: path)
        #expect(try reader.read("/f32", as: Float.self) == HDF5Array(values: floats, shape: [7]))
        #expect(try reader.read("/f32", as: Float.self).values.map(\.bitPattern) == floats.map(\.bitPattern))
        #expect(try reader.read("/f64", as: Double.self) == HDF5Array(values: doubles, shape: [2, 3]))
        #expect(try reader.read("/ints/i32", as: Int32.self) == HDF5Array(values: int32s, shape: [3, 2]))
        #expect(try reader.read("/ints/i64", as: Int64.self) == HDF5Array(values: int64s, shape: [1, 2, 3]))
        #expect(try reader.read("/u8", as: UInt8.self) == HDF5Array(values: bytes, shape: [6]))
        #expect(try reader.read("/scalar", as: Double.self) == HDF5Array(values: [7.25], shape: []))
        #expect(try reader.read("/empty", as: Float.self) == HDF5Array(values: [], shape: [0, 3]))
        #expect(try reader.datasetInfo("/f32").dataType == .float(bits: 32))
        #expect(try reader.datasetInfo("/ints/i64").dataType == .signedInteger(bits: 64))
        #expect(try reader.datasetInfo("/u8").dataType == .unsignedInteger(bits: 8))
    }

    @Test func stringDatasetsRoundTripIncludingUnicodeAndEmptyStrings() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("strings.h5")
        let names = ["P_load_n", "pf", "", "λ_corr", "c_ls [Rs/kW²]", String(repeating: "x", count: 1000)]
        let writer = try HDF5File.create(atPath: path)
        try writer.write(names, to: "/names")
        try writer.write(["a", "b", "c", "d"], shape: [2, 2], to: "/grid")
        try writer.close()

        let reader = try HDF5File.openReadOnly(atPath: path)
        #expect(try reader.readStrings("/names") == HDF5Array(values: names, shape: [6]))
        #expect(try reader.readStrings("/grid") == HDF5Array(values: ["a", "b", "c", "d"], shape: [2, 2]))
        #expect(try reader.datasetInfo("/names").dataType == .string(length: nil))
    }

    struct TrainingConfig: Codable, Equatable {
        var seed: UInt64
        var learningRate: Double
        var layers: Int
        var features: [String]
        var earlyStopping: Bool
    }

    @Test func attributesOfEveryKindRoundTrip() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("attributes.h5")
        let config = TrainingConfig(seed: 42, learningRate: 3e-4, layers: 2, features: ["P_load_n", "pf"], earlyStopping: true)

        let writer = try HDF5File.create(atPath: path)
        try writer.write([Float](repeating: 1, count: 6), shape: [2, 3], to: "/inputs")
        try writer.createGroup("/opf")
        try writer.setAttribute("seed", to: Int64(20260101))
        try writer.setAttribute("code_version", to: "1.2.3")
        try writer.setJSONAttribute("config", to: config)
        try writer.setAttribute("feature_names", to: ["P_load_n", "pf", "P_net_n"], on: "/inputs")
        try writer.setAttribute("scale", to: [Float(0.5), 2, 4], on: "/inputs")
        try writer.setAttribute("count", to: Int32(-3), on: "/opf")
        try writer.setAttribute("threshold", to: 0.99, on: "/opf")
        try writer.setAttribute("flags", to: [UInt8(1), 0, 1], on: "/opf")
        try writer.setAttribute("threshold", to: 0.995, on: "/opf")
        try writer.close()

        let reader = try HDF5File.openReadOnly(atPath: path)
        #expect(try reader.attribute("seed", as: Int64.self) == 20260101)
        #expect(try reader.stringAttribute("code_version") == "1.2.3")
        #expect(try reader.jsonAttribute("config", as: TrainingConfig.self) == config)
        #expect(try reader.stringArrayAttribute("feature_names", of: "/inputs") == ["P_load_n", "pf", "P_net_n"])
        #expect(try reader.attributeArray("scale", of: "inputs", as: Float.self) == [0.5, 2, 4])
        #expect(try reader.attribute("count", of: "/opf", as: Int32.self) == -3)
        #expect(try reader.attribute("threshold", of: "/opf", as: Double.self) == 0.995)
        #expect(try reader.attributeArray("flags", of: "/opf", as: UInt8.self) == [1, 0, 1])
        #expect(try reader.attributeNames(of: "/opf") == ["count", "flags", "threshold"])
        #expect(try reader.attributeNames() == ["code_version", "config", "seed"])

        let scale = try #require(try reader.attributes(of: "/inputs").first { $0.name == "scale" })
        #expect(scale.dataType == .float(bits: 32))
        #expect(scale.shape == [3])
        #expect(scale.value == .reals([0.5, 2, 4]))
        let seed = try #require(try reader.attributes().first { $0.name == "seed" })
        #expect(seed.shape == [])
        #expect(seed.value == .integers([20260101]))
    }

    @Test func listingReportsTreeLayoutFiltersAndAttributes() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("listing.h5")
        let writer = try HDF5File.create(atPath: path)
        try writer.write([Float](repeating: 0.25, count: 40 * 4 * 5), shape: [40, 4, 5], to: "/inputs",
                         chunks: [16, 4, 5], filters: .default)
        try writer.write([Int32](repeating: 0, count: 40), shape: [40], to: "/opf/status")
        try writer.write([UInt8](repeating: 1, count: 40), shape: [40], to: "/opf/accepted", chunks: [8],
                         filters: .deflate(level: 9, shuffle: false))
        try writer.createExtendibleDataset("/log/loss", of: Double.self, rowShape: [2], chunkRows: 32)
        try writer.setAttribute("units", to: "kW", on: "/opf/status")
        try writer.close()

        let reader = try HDF5File.openReadOnly(atPath: path)
        let members = try reader.members()
        #expect(members.map(\.path) == ["/inputs", "/log", "/log/loss", "/opf", "/opf/accepted", "/opf/status"])
        guard case let .dataset(inputs) = members[0].kind else { Issue.record("inputs is not a dataset"); return }
        #expect(inputs.shape == [40, 4, 5])
        #expect(inputs.maxShape == [40, 4, 5])
        #expect(inputs.chunks == [16, 4, 5])
        #expect(inputs.filters == [.shuffle, .deflate(level: 4)])
        // Constant data compresses far below its 3200 raw bytes.
        #expect(inputs.storedBytes > 0 && inputs.storedBytes < 3200)
        #expect(members[1].kind == .group)
        guard case let .dataset(loss) = members[2].kind else { Issue.record("loss is not a dataset"); return }
        #expect(loss.shape == [0, 2])
        #expect(loss.maxShape == [nil, 2])
        #expect(loss.chunks == [32, 2])
        guard case let .dataset(accepted) = members[4].kind else { Issue.record("accepted is not a dataset"); return }
        #expect(accepted.filters == [.deflate(level: 9)])
        guard case let .dataset(status) = members[5].kind else { Issue.record("status is not a dataset"); return }
        #expect(status.chunks == nil)
        #expect(status.filters.isEmpty)
        #expect(members[5].attributes == [HDF5AttributeInfo(name: "units", dataType: .string(length: nil), shape: [],
                                                              value: .strings(["kW"]))])
        #expect(try reader.members(of: "/opf", recursive: false).map(\.name) == ["accepted", "status"])
    }

    @Test func compressionWithoutExplicitChunksChoosesWholeRowChunks() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("auto.h5")
        let writer = try HDF5File.create(atPath: path)
        let values = (0..<(100_000 * 5)).map { Float($0 % 17) }
        try writer.write(values, shape: [100_000, 5], to: "/x", filters: .default)
        let info = try writer.datasetInfo("/x")
        try writer.close()
        // 1 MiB of 20-byte rows.
        #expect(info.chunks == [52_428, 5])
        #expect(try HDF5File.openReadOnly(atPath: path).read("/x", as: Float.self).values == values)
    }
}
