import CHDF5
import Foundation

/// Conversions between Swift strings and HDF5 string storage, shared by
/// datasets and attributes. HDF5Store writes variable-length UTF-8 strings (what
/// h5py writes for `str`); it reads both variable- and fixed-length strings.
enum HDF5StringCodec {
    /// A new variable-length UTF-8 string type; the caller closes it.
    static func variableLengthUTF8Type() -> hid_t {
        let type = H5Tcopy(p2p_H5T_C_S1())
        H5Tset_size(type, p2p_H5T_VARIABLE())
        H5Tset_cset(type, H5T_CSET_UTF8)
        return type
    }

    /// Decodes a NUL-terminated C string held in an array buffer.
    static func string(fromNulTerminated buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The first string containing a NUL character, which C strings cannot carry.
    static func firstInvalid(_ strings: [String]) -> String? {
        strings.first { $0.utf8.contains(0) }
    }

    /// Calls `body` with a buffer of `char *` pointers to NUL-terminated copies
    /// of `strings`, the in-memory layout of variable-length strings.
    static func withCStringPointers<Result>(_ strings: [String], _ body: (UnsafeRawPointer?) throws -> Result) rethrows -> Result {
        let pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        return try pointers.withUnsafeBytes { try body($0.baseAddress) }
    }

    /// Reads `count` strings stored as `storedType` through `read(memoryType, buffer)`
    /// (an `H5Dread` or `H5Aread`), freeing HDF5's variable-length buffers after
    /// copying. Returns nil when `read` fails.
    static func readStrings(count: Int, storedType: hid_t, space: hid_t,
                            read: (hid_t, UnsafeMutableRawPointer) -> herr_t) -> [String]? {
        guard count > 0 else { return [] }
        let memoryType = H5Tcopy(storedType)
        defer { H5Tclose(memoryType) }
        if H5Tis_variable_str(storedType) > 0 {
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            let status = pointers.withUnsafeMutableBytes { read(memoryType, $0.baseAddress!) }
            guard status >= 0 else { return nil }
            let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
            pointers.withUnsafeMutableBytes { _ = H5Dvlen_reclaim(memoryType, space, p2p_H5P_DEFAULT(), $0.baseAddress!) }
            return strings
        }
        let width = H5Tget_size(storedType)
        guard width > 0 else { return [String](repeating: "", count: count) }
        let spacePadded = H5Tget_strpad(storedType) == H5T_STR_SPACEPAD
        var bytes = [UInt8](repeating: 0, count: count * width)
        let status = bytes.withUnsafeMutableBytes { read(memoryType, $0.baseAddress!) }
        guard status >= 0 else { return nil }
        return (0..<count).map { index in
            var element = bytes[(index * width)..<((index + 1) * width)]
            if let nul = element.firstIndex(of: 0) { element = element[..<nul] }
            if spacePadded { while element.last == UInt8(ascii: " ") { element = element.dropLast() } }
            return String(decoding: element, as: UTF8.self)
        }
    }
}
