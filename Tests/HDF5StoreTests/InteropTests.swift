import Foundation
import Testing
import HDF5Store
import SeededRandom

/// Other HDF5 software must read what we write, and we must read what it
/// writes: HDF5's own `h5dump` and `h5import` (hdf5-tools) and h5py (a committed
/// fixture, Tests/Fixtures/HDF5Store, with the script that made it).
@Suite struct InteropTests {
    /// One dataset or attribute as printed by `h5dump`.
    struct DumpedObject {
        var dataType: String
        var dims: [Int]
        var values: [String]
        var text: String
    }

    /// Runs `h5dump` with `arguments` and parses the first DATATYPE, DATASPACE
    /// and DATA block of its output (`-y`: no indices; `-w 0`: no wrapping).
    private static func dump(_ arguments: [String]) throws -> DumpedObject {
        let h5dump = try #require(hdf5Tool("h5dump"))
        let result = try #require(try runProcess(h5dump, ["-y", "-w", "0"] + arguments))
        #expect(result.status == 0, "h5dump failed: \(result.standardError)")
        let text = result.standardOutput
        let dataType = text.components(separatedBy: "DATATYPE").dropFirst().first?
            .split(separator: "\n").first?.trimmingCharacters(in: .whitespaces) ?? ""
        var dims: [Int] = []
        if let space = text.range(of: "DATASPACE  SIMPLE { ( "), let close = text[space.upperBound...].range(of: " )") {
            dims = text[space.upperBound..<close.lowerBound].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }
        var values: [String] = []
        if let open = text.range(of: "DATA {"), let close = text[open.upperBound...].range(of: "}") {
            values = text[open.upperBound..<close.lowerBound]
                .split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        }
        return DumpedObject(dataType: dataType, dims: dims, values: values, text: text)
    }

    @Test(.enabled(if: hdf5Tool("h5dump") != nil, "h5dump (Debian hdf5-tools) is not installed"))
    func h5dumpReadsWhatWeWrite() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("ours.h5")
        var generator = SeededGenerator(seed: 99)
        let inputs = (0..<(16 * 4 * 5)).map { _ in Float.random(in: -100..<100, using: &generator) }
        let targets = (0..<21).map { _ in Double.random(in: -1e9..<1e9, using: &generator) }
        let status = (0..<10).map { Int64($0 * $0) - 20 }
        let accepted: [UInt8] = [1, 0, 255, 3, 7]
        let writer = try HDF5File.create(atPath: path)
        try writer.write(inputs, shape: [16, 4, 5], to: "/inputs", chunks: [8, 4, 5], filters: .default)
        try writer.write(targets, shape: [3, 7], to: "/targets")
        try writer.write(status, shape: [10], to: "/opf/status")
        try writer.write(accepted, shape: [5], to: "/opf/accepted")
        try writer.setAttribute("feature_names", to: ["P_load_n", "pf", "P_net_n"], on: "/inputs")
        try writer.setAttribute("seed", to: Int32(-7))
        try writer.close()

        let dumpedInputs = try Self.dump(["-m", "%.9g", "-d", "/inputs", path])
        #expect(dumpedInputs.dataType == "H5T_IEEE_F32LE")
        #expect(dumpedInputs.dims == [16, 4, 5])
        #expect(dumpedInputs.values.compactMap(Float.init) == inputs)
        let h5dump = try #require(hdf5Tool("h5dump"))
        let layout = try #require(try runProcess(h5dump, ["-p", "-H", "-d", "/inputs", path]))
        #expect(layout.standardOutput.contains("CHUNKED ( 8, 4, 5 )"))
        #expect(layout.standardOutput.contains("PREPROCESSING SHUFFLE"))
        #expect(layout.standardOutput.contains("COMPRESSION DEFLATE { LEVEL 4 }"))

        let dumpedTargets = try Self.dump(["-m", "%.17g", "-d", "/targets", path])
        #expect(dumpedTargets.dataType == "H5T_IEEE_F64LE")
        #expect(dumpedTargets.dims == [3, 7])
        #expect(dumpedTargets.values.compactMap(Double.init) == targets)

        let dumpedStatus = try Self.dump(["-d", "/opf/status", path])
        #expect(dumpedStatus.dataType == "H5T_STD_I64LE")
        #expect(dumpedStatus.values.compactMap { Int64($0) } == status)
        let dumpedAccepted = try Self.dump(["-d", "/opf/accepted", path])
        #expect(dumpedAccepted.dataType == "H5T_STD_U8LE")
        #expect(dumpedAccepted.values.compactMap { UInt8($0) } == accepted)

        let names = try Self.dump(["-a", "/inputs/feature_names", path])
        #expect(names.dims == [3])
        #expect(names.values == ["\"P_load_n\"", "\"pf\"", "\"P_net_n\""])
        #expect(names.text.contains("CSET H5T_CSET_UTF8"))
        let seed = try Self.dump(["-a", "/seed", path])
        #expect(seed.dataType == "H5T_STD_I32LE")
        #expect(seed.values == ["-7"])
    }

    @Test(.enabled(if: hdf5Tool("h5import") != nil, "h5import (Debian hdf5-tools) is not installed"))
    func readsWhatH5importWrote() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let loadsText = scratch.file("loads.txt")
        try "1.5 2.5 3.5\n-4 5e10 6.25\n".write(toFile: loadsText, atomically: true, encoding: .utf8)
        let loadsConfig = scratch.file("loads.cfg")
        try """
        PATH /measurements/loads
        INPUT-CLASS TEXTFP
        INPUT-SIZE 64
        RANK 2
        DIMENSION-SIZES 2 3
        OUTPUT-CLASS FP
        OUTPUT-SIZE 64
        OUTPUT-ARCHITECTURE IEEE
        OUTPUT-BYTE-ORDER BE
        CHUNKED-DIMENSION-SIZES 1 3
        COMPRESSION-TYPE GZIP
        COMPRESSION-PARAM 6

        """.write(toFile: loadsConfig, atomically: true, encoding: .utf8)
        let idsText = scratch.file("ids.txt")
        try "1 -2 3 2147483647\n".write(toFile: idsText, atomically: true, encoding: .utf8)
        let idsConfig = scratch.file("ids.cfg")
        try "PATH /ids\nINPUT-CLASS TEXTIN\nRANK 1\nDIMENSION-SIZES 4\nOUTPUT-CLASS IN\nOUTPUT-SIZE 32\nOUTPUT-BYTE-ORDER LE\n"
            .write(toFile: idsConfig, atomically: true, encoding: .utf8)
        let labelsText = scratch.file("labels.txt")
        try "bus 18\nfeeder case33bw\n".write(toFile: labelsText, atomically: true, encoding: .utf8)
        let labelsConfig = scratch.file("labels.cfg")
        try "PATH /labels\nINPUT-CLASS STR\n".write(toFile: labelsConfig, atomically: true, encoding: .utf8)
        let path = scratch.file("imported.h5")
        let h5import = try #require(hdf5Tool("h5import"))
        let result = try #require(try runProcess(h5import,
                                                 [loadsText, "-c", loadsConfig, idsText, "-c", idsConfig,
                                                  labelsText, "-c", labelsConfig, "-o", path]))
        #expect(result.status == 0, "h5import failed: \(result.standardError)")

        let reader = try HDF5File.openReadOnly(atPath: path)
        #expect(try reader.read("/measurements/loads", as: Double.self) == HDF5Array(values: [1.5, 2.5, 3.5, -4, 5e10, 6.25], shape: [2, 3]))
        let loads = try reader.datasetInfo("/measurements/loads")
        #expect(loads.chunks == [1, 3])
        #expect(loads.filters == [.deflate(level: 6)])
        #expect(try reader.read("/ids", as: Int32.self).values == [1, -2, 3, .max])
        #expect(try reader.readStrings("/labels").values == ["bus 18", "feeder case33bw"])
    }

    @Test(.enabled(if: hdf5Tool("h5dump") != nil, "h5dump (Debian hdf5-tools) is not installed"))
    func libraryVersionMatchesTheInstalledTools() throws {
        let h5dump = try #require(hdf5Tool("h5dump"))
        let result = try #require(try runProcess(h5dump, ["--version"]))
        #expect(result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "h5dump: Version \(HDF5File.libraryVersion)")
    }

    @Test func readsFileWrittenByH5pyWithItsAttributes() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/HDF5Store/h5py_fixture.h5").path
        let reader = try HDF5File.openReadOnly(atPath: fixture)
        let loads = (0..<3).flatMap { i in (0..<4).map { j in Double(i) * 10 + Double(j) * 0.5 } }
        #expect(try reader.read("/loads", as: Double.self) == HDF5Array(values: loads, shape: [3, 4]))
        #expect(try reader.datasetInfo("/loads").filters == [.shuffle, .deflate(level: 4)])
        #expect(try reader.datasetInfo("/loads").chunks == [2, 2])
        #expect(try reader.read("/big_endian_ids", as: Int32.self).values == [-1, 0, 1, .max])
        #expect(try reader.read("/counts", as: Int64.self).values == (0..<5).map { Int64($0 * $0 * $0) })
        #expect(try reader.read("/flags", as: UInt8.self).values == [0, 1, 1, 0])
        #expect(try reader.read("/weights", as: Float.self) == HDF5Array(values: (0..<8).map { Float($0) / 8 }, shape: [2, 2, 2]))
        #expect(try reader.readStrings("/names").values == ["alpha", "β", ""])
        #expect(try reader.readStrings("/fixed").values == ["bus", "feeder"])
        #expect(try reader.datasetInfo("/fixed").dataType == .string(length: 8))

        #expect(try reader.stringAttribute("creator") == "h5py")
        #expect(try reader.attribute("seed", of: "/meta", as: Int64.self) == 1234)
        #expect(try reader.attribute("rate", of: "/meta", as: Double.self) == 0.125)
        #expect(try reader.stringAttribute("title", of: "/meta") == "h5py fixture")
        #expect(try reader.stringAttribute("tag", of: "/meta") == "fixed")
        #expect(try reader.stringArrayAttribute("features", of: "/meta") == ["P_load_n", "pf"])
        #expect(try reader.attributeArray("scale", of: "/meta", as: Float.self) == [0.5, 1.5])
        struct Config: Decodable, Equatable { var layers: Int; var name: String }
        #expect(try reader.jsonAttribute("config", of: "/meta", as: Config.self) == Config(layers: 2, name: "x"))
        #expect(throws: HDF5StoreError.typeMismatch(file: fixture, path: "/meta@small", stored: .signedInteger(bits: 16),
                                                    requested: .signedInteger(bits: 32))) {
            try reader.attribute("small", of: "/meta", as: Int32.self)
        }
        let small = try #require(try reader.attributes(of: "/meta").first { $0.name == "small" })
        #expect(small.value == .integers([7]))
        #expect(try reader.members().map(\.path) == ["/big_endian_ids", "/counts", "/fixed", "/flags", "/loads", "/meta", "/names", "/weights"])
    }
}
