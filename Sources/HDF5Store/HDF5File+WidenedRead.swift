import CHDF5

/// The numbers of a dataset of any integer or floating-point type, widened
/// without loss to the one Swift type of their class.
public enum HDF5WidenedValues: Sendable, Equatable {
    /// Integer elements of any width and signedness, and enumerations (h5py's
    /// bools) by their integer values, as Int64 (unsigned 64-bit values above
    /// Int64.max saturate, as HDF5's conversion does).
    case integers([Int64])
    /// Floating-point elements of any width (16, 32, 64 bits), as Double.
    case reals([Double])
}

/// Reading numbers from files HDF5Store did not write: `int16`, `uint32`,
/// `float16`, big-endian, … — what a comparison or a listing of any HDF5 file
/// needs. Unlike `read(_:as:)`, which never converts, this widens on purpose:
/// every integer type fits Int64 and every float type fits Double exactly, so
/// the values read are the values stored.
extension HDF5File {
    /// Rows `rows` along the first dimension of an integer, enumeration or
    /// floating-point dataset (all of it when nil, the only choice for a
    /// scalar), widened by HDF5's type conversion to Int64 or Double; row-major
    /// like `readRows`.
    ///
    /// Throws `typeMismatch` for strings and other type classes,
    /// `rowRangeOutOfBounds` for rows outside the dataset.
    public func readWidened(_ path: String, rows: Range<Int>? = nil) throws -> HDF5WidenedValues {
        let canonical = try canonicalPath(path)
        return try withFile(writing: false) { fileID in
            let id = try dataset(fileID, canonical)
            let storedType = H5Dget_type(id)
            defer { H5Tclose(storedType) }
            let typeClass = H5Tget_class(storedType)
            guard typeClass == H5T_INTEGER || typeClass == H5T_ENUM || typeClass == H5T_FLOAT else {
                throw HDF5StoreError.typeMismatch(file: self.path, path: canonical, stored: .describing(storedType),
                                                  requested: .other("integer or float"))
            }
            let shape = try extents(id, canonical).shape
            var count = shape.reduce(1, *)
            if let rows {
                guard let rowCount = shape.first, rows.lowerBound >= 0, rows.upperBound <= rowCount else {
                    throw HDF5StoreError.rowRangeOutOfBounds(file: self.path, path: canonical, range: rows,
                                                             rowCount: shape.first ?? 0)
                }
                count = shape.dropFirst().reduce(rows.count, *)
            }
            func values<Element>(_ memoryType: hid_t) throws -> [Element] {
                var status: herr_t = 0
                let values = try [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
                    guard count > 0 else { return }
                    if let rows {
                        status = try withRowSelection(id, canonical, rows, shape: shape) { memory, file in
                            H5Dread(id, memoryType, memory, file, p2p_H5P_DEFAULT(), buffer.baseAddress)
                        }
                    } else {
                        status = H5Dread(id, memoryType, p2p_H5S_ALL(), p2p_H5S_ALL(), p2p_H5P_DEFAULT(), buffer.baseAddress)
                    }
                    initialized = status >= 0 ? count : 0
                }
                guard status >= 0 else { throw libraryFailure(canonical, "read the dataset") }
                return values
            }
            return typeClass == H5T_FLOAT ? .reals(try values(p2p_H5T_NATIVE_DOUBLE()))
                                          : .integers(try values(p2p_H5T_NATIVE_INT64()))
        }
    }
}
