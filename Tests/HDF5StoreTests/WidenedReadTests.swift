import CHDF5
import Foundation
import Testing
@testable import HDF5Store

/// `readWidened`: numbers of any integer or float type, as other writers store them, read without loss.
@Suite struct WidenedReadTests {
    /// Writes `values` to `/name` of a new file with an integer type of `bytes` width
    /// and signedness `signed`, with HDF5's C API (HDF5Store writes only its five types).
    private static func writeInteger(_ values: [Int64], bytes: Int, signed: Bool, name: String, path: String) {
        HDF5Library.locked {
            let file = H5Fcreate(path, p2p_H5F_ACC_TRUNC(), p2p_H5P_DEFAULT(), p2p_H5P_DEFAULT())
            let type = H5Tcopy(p2p_H5T_NATIVE_INT64())
            H5Tset_size(type, bytes)
            H5Tset_sign(type, signed ? H5T_SGN_2 : H5T_SGN_NONE)
            let space = H5Screate_simple(1, [hsize_t(values.count)], nil)
            let dataset = H5Dcreate2(file, name, type, space, p2p_H5P_DEFAULT(), p2p_H5P_DEFAULT(), p2p_H5P_DEFAULT())
            // Written from Int64 memory: HDF5 converts to the narrow file type.
            _ = values.withUnsafeBytes { H5Dwrite(dataset, p2p_H5T_NATIVE_INT64(), p2p_H5S_ALL(), p2p_H5S_ALL(), p2p_H5P_DEFAULT(), $0.baseAddress) }
            H5Dclose(dataset)
            H5Sclose(space)
            H5Tclose(type)
            H5Fclose(file)
        }
    }

    @Test func narrowAndUnsignedIntegersWidenToInt64() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let int16 = scratch.file("int16.h5"), uint32 = scratch.file("uint32.h5")
        Self.writeInteger([-32768, -1, 0, 32767], bytes: 2, signed: true, name: "/counts", path: int16)
        Self.writeInteger([0, 1, 4_294_967_295], bytes: 4, signed: false, name: "/ids", path: uint32)
        let file16 = try HDF5File.openReadOnly(atPath: int16)
        #expect(try file16.datasetInfo("/counts").dataType == .signedInteger(bits: 16))
        #expect(try file16.readWidened("/counts") == .integers([-32768, -1, 0, 32767]))
        #expect(try file16.readWidened("/counts", rows: 1..<3) == .integers([-1, 0]))
        let file32 = try HDF5File.openReadOnly(atPath: uint32)
        #expect(try file32.datasetInfo("/ids").dataType == .unsignedInteger(bits: 32))
        #expect(try file32.readWidened("/ids") == .integers([0, 1, 4_294_967_295]))
    }

    @Test func enumerationsReadAsTheirIntegerValues() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("bools.h5")
        // h5py stores numpy bools as an int8 enumeration FALSE = 0, TRUE = 1.
        HDF5Library.locked {
            let file = H5Fcreate(path, p2p_H5F_ACC_TRUNC(), p2p_H5P_DEFAULT(), p2p_H5P_DEFAULT())
            let base = H5Tcopy(p2p_H5T_NATIVE_INT64())
            H5Tset_size(base, 1)
            let type = H5Tenum_create(base)
            var falseValue: Int8 = 0, trueValue: Int8 = 1
            H5Tenum_insert(type, "FALSE", &falseValue)
            H5Tenum_insert(type, "TRUE", &trueValue)
            let space = H5Screate_simple(1, [3], nil)
            let dataset = H5Dcreate2(file, "/flags", type, space, p2p_H5P_DEFAULT(), p2p_H5P_DEFAULT(), p2p_H5P_DEFAULT())
            let values: [Int8] = [1, 0, 1]
            _ = values.withUnsafeBytes { H5Dwrite(dataset, type, p2p_H5S_ALL(), p2p_H5S_ALL(), p2p_H5P_DEFAULT(), $0.baseAddress) }
            H5Dclose(dataset)
            H5Sclose(space)
            H5Tclose(type)
            H5Tclose(base)
            H5Fclose(file)
        }
        let reader = try HDF5File.openReadOnly(atPath: path)
        #expect(try reader.datasetInfo("/flags").dataType == .other("enum"))
        #expect(try reader.readWidened("/flags") == .integers([1, 0, 1]))
    }

    @Test func floatsWidenToDoubleExactlyRowsAndScalarsIncluded() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("floats.h5")
        let weights: [Float] = [0.1, -2.5, .infinity, 3e-38, 1, 2]
        let writer = try HDF5File.create(atPath: path)
        try writer.write(weights, shape: [3, 2], to: "/weights", filters: .default)
        try writer.write([7.25], shape: [], to: "/scale")
        try writer.write([UInt8(1), 0, 1], shape: [3], to: "/flags")
        try writer.write(["a"], to: "/names")
        try writer.close()

        let reader = try HDF5File.openReadOnly(atPath: path)
        #expect(try reader.readWidened("/weights") == .reals(weights.map(Double.init)))
        #expect(try reader.readWidened("/weights", rows: 1..<3) == .reals(weights[2...].map(Double.init)))
        #expect(try reader.readWidened("/weights", rows: 3..<3) == .reals([]))
        #expect(try reader.readWidened("/scale") == .reals([7.25]))
        #expect(try reader.readWidened("/flags") == .integers([1, 0, 1]))
        #expect(throws: HDF5StoreError.rowRangeOutOfBounds(file: path, path: "/weights", range: 2..<4, rowCount: 3)) {
            try reader.readWidened("/weights", rows: 2..<4)
        }
        #expect(throws: HDF5StoreError.typeMismatch(file: path, path: "/names", stored: .string(length: nil),
                                                    requested: .other("integer or float"))) {
            try reader.readWidened("/names")
        }
    }
}
