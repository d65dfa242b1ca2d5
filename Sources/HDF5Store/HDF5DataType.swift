import CHDF5

/// The element type of a dataset or attribute, as stored in the file.
public enum HDF5DataType: Sendable, Hashable, CustomStringConvertible {
    /// IEEE floating point with the given width (16, 32 or 64 bits).
    case float(bits: Int)
    /// Two's-complement signed integer with the given width.
    case signedInteger(bits: Int)
    /// Unsigned integer with the given width.
    case unsignedInteger(bits: Int)
    /// Character string: `length` bytes per element, or `nil` for variable-length strings.
    case string(length: Int?)
    /// Any other HDF5 type class (compound, enum, array, reference, …), by name.
    case other(String)

    /// numpy-like names: `float32`, `int64`, `uint8`, `string`, `string[12]`.
    public var description: String {
        switch self {
        case let .float(bits): return "float\(bits)"
        case let .signedInteger(bits): return "int\(bits)"
        case let .unsignedInteger(bits): return "uint\(bits)"
        case .string(nil): return "string"
        case let .string(length?): return "string[\(length)]"
        case let .other(name): return name
        }
    }

    /// Reads the description of an open HDF5 datatype.
    static func describing(_ typeID: hid_t) -> HDF5DataType {
        let bits = Int(H5Tget_size(typeID)) * 8
        switch H5Tget_class(typeID) {
        case H5T_FLOAT: return .float(bits: bits)
        case H5T_INTEGER: return H5Tget_sign(typeID) == H5T_SGN_NONE ? .unsignedInteger(bits: bits) : .signedInteger(bits: bits)
        case H5T_STRING: return .string(length: H5Tis_variable_str(typeID) > 0 ? nil : bits / 8)
        case H5T_COMPOUND: return .other("compound")
        case H5T_ENUM: return .other("enum")
        case H5T_ARRAY: return .other("array")
        case H5T_VLEN: return .other("vlen")
        case H5T_OPAQUE: return .other("opaque")
        case H5T_REFERENCE: return .other("reference")
        case H5T_BITFIELD: return .other("bitfield")
        case H5T_TIME: return .other("time")
        default: return .other("unknown")
        }
    }
}

/// A numeric element type HDF5Store can store: `Float`, `Double`, `Int32`, `Int64`, `UInt8`.
///
/// Files always store little-endian IEEE / two's-complement types, so a file's
/// bytes do not depend on the machine that wrote it. The conformances in this
/// module are the only supported ones.
public protocol HDF5Element: Sendable, Equatable {
    /// The type this element is stored as.
    static var hdf5DataType: HDF5DataType { get }
}

extension Float: HDF5Element {
    /// 32-bit IEEE float.
    public static var hdf5DataType: HDF5DataType { .float(bits: 32) }
}

extension Double: HDF5Element {
    /// 64-bit IEEE float.
    public static var hdf5DataType: HDF5DataType { .float(bits: 64) }
}

extension Int32: HDF5Element {
    /// 32-bit signed integer.
    public static var hdf5DataType: HDF5DataType { .signedInteger(bits: 32) }
}

extension Int64: HDF5Element {
    /// 64-bit signed integer.
    public static var hdf5DataType: HDF5DataType { .signedInteger(bits: 64) }
}

extension UInt8: HDF5Element {
    /// 8-bit unsigned integer.
    public static var hdf5DataType: HDF5DataType { .unsignedInteger(bits: 8) }
}

extension HDF5DataType {
    /// The in-memory (native) HDF5 type for the element types HDF5Store reads and writes.
    var nativeTypeID: hid_t? {
        switch self {
        case .float(32): return p2p_H5T_NATIVE_FLOAT()
        case .float(64): return p2p_H5T_NATIVE_DOUBLE()
        case .signedInteger(32): return p2p_H5T_NATIVE_INT32()
        case .signedInteger(64): return p2p_H5T_NATIVE_INT64()
        case .unsignedInteger(8): return p2p_H5T_NATIVE_UINT8()
        default: return nil
        }
    }

    /// The little-endian file type HDF5Store writes for this element type.
    var fileTypeID: hid_t? {
        switch self {
        case .float(32): return p2p_H5T_IEEE_F32LE()
        case .float(64): return p2p_H5T_IEEE_F64LE()
        case .signedInteger(32): return p2p_H5T_STD_I32LE()
        case .signedInteger(64): return p2p_H5T_STD_I64LE()
        case .unsignedInteger(8): return p2p_H5T_STD_U8LE()
        default: return nil
        }
    }
}
