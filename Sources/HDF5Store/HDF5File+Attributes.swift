import CHDF5
import Foundation

/// Attributes on the root group (`/`), groups and datasets: numbers, strings,
/// 1-d arrays of either, and `Codable` values stored as JSON strings.
///
/// Setting an attribute that already exists replaces it. Numbers are stored
/// little-endian like datasets; strings as variable-length UTF-8.
extension HDF5File {
    /// Sets a scalar numeric attribute.
    public func setAttribute<Element: HDF5Element>(_ name: String, to value: Element, on path: String = "/") throws {
        try writeNumericAttribute(name, [value], shape: [], on: path)
    }

    /// Sets a 1-d numeric array attribute.
    public func setAttribute<Element: HDF5Element>(_ name: String, to values: [Element], on path: String = "/") throws {
        try writeNumericAttribute(name, values, shape: [values.count], on: path)
    }

    /// Sets a scalar string attribute.
    public func setAttribute(_ name: String, to value: String, on path: String = "/") throws {
        try writeStringAttribute(name, [value], shape: [], on: path)
    }

    /// Sets a 1-d string array attribute (feature names, units, …).
    public func setAttribute(_ name: String, to values: [String], on path: String = "/") throws {
        try writeStringAttribute(name, values, shape: [values.count], on: path)
    }

    /// Stores `value` as a JSON string attribute (keys sorted, so the bytes are reproducible).
    public func setJSONAttribute<Value: Encodable>(_ name: String, to value: Value, on path: String = "/") throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json: String
        do {
            json = String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw HDF5StoreError.invalidJSON(file: self.path, path: try canonicalPath(path), attribute: name, reason: "\(error)")
        }
        try setAttribute(name, to: json, on: path)
    }

    /// Reads a scalar numeric attribute (or a one-element array).
    public func attribute<Element: HDF5Element>(_ name: String, of path: String = "/", as type: Element.Type) throws -> Element {
        let values = try attributeArray(name, of: path, as: type)
        guard values.count == 1 else {
            throw HDF5StoreError.shapeMismatch(file: self.path, path: "\(try canonicalPath(path))@\(name)", shape: [1], valueCount: values.count)
        }
        return values[0]
    }

    /// Reads a numeric attribute's values, flattened.
    public func attributeArray<Element: HDF5Element>(_ name: String, of path: String = "/", as type: Element.Type) throws -> [Element] {
        try withAttribute(name, of: path) { attribute, canonical in
            let storedType = H5Aget_type(attribute)
            defer { H5Tclose(storedType) }
            let stored = HDF5DataType.describing(storedType)
            guard stored == Element.hdf5DataType else {
                throw HDF5StoreError.typeMismatch(file: self.path, path: "\(canonical)@\(name)", stored: stored,
                                                  requested: Element.hdf5DataType)
            }
            let count = Self.elementCount(attribute)
            var status: herr_t = 0
            let values = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
                if count > 0 { status = H5Aread(attribute, Element.hdf5DataType.nativeTypeID!, buffer.baseAddress) }
                initialized = status >= 0 ? count : 0
            }
            guard status >= 0 else { throw libraryFailure("\(canonical)@\(name)", "read the attribute") }
            return values
        }
    }

    /// Reads a scalar string attribute (or a one-element string array).
    public func stringAttribute(_ name: String, of path: String = "/") throws -> String {
        let values = try stringArrayAttribute(name, of: path)
        guard values.count == 1 else {
            throw HDF5StoreError.shapeMismatch(file: self.path, path: "\(try canonicalPath(path))@\(name)", shape: [1], valueCount: values.count)
        }
        return values[0]
    }

    /// Reads a string attribute's values, flattened (variable- or fixed-length strings).
    public func stringArrayAttribute(_ name: String, of path: String = "/") throws -> [String] {
        try withAttribute(name, of: path) { attribute, canonical in
            let storedType = H5Aget_type(attribute)
            defer { H5Tclose(storedType) }
            guard H5Tget_class(storedType) == H5T_STRING else {
                throw HDF5StoreError.typeMismatch(file: self.path, path: "\(canonical)@\(name)",
                                                  stored: .describing(storedType), requested: .string(length: nil))
            }
            guard let strings = Self.readStrings(attribute, storedType) else {
                throw libraryFailure("\(canonical)@\(name)", "read the attribute")
            }
            return strings
        }
    }

    /// Decodes a JSON string attribute written by `setJSONAttribute`.
    public func jsonAttribute<Value: Decodable>(_ name: String, of path: String = "/", as type: Value.Type) throws -> Value {
        let json = try stringAttribute(name, of: path)
        do {
            return try JSONDecoder().decode(type, from: Data(json.utf8))
        } catch {
            throw HDF5StoreError.invalidJSON(file: self.path, path: try canonicalPath(path), attribute: name, reason: "\(error)")
        }
    }

    /// Names of the attributes on the object at `path`, in name order.
    public func attributeNames(of path: String = "/") throws -> [String] {
        try attributes(of: path).map(\.name)
    }

    // MARK: - Internals

    private func writeNumericAttribute<Element: HDF5Element>(_ name: String, _ values: [Element], shape: [Int], on path: String) throws {
        try replaceAttribute(name, on: path, fileType: Element.hdf5DataType.fileTypeID!, shape: shape) { attribute in
            values.withUnsafeBytes { H5Awrite(attribute, Element.hdf5DataType.nativeTypeID!, $0.baseAddress) }
        }
    }

    private func writeStringAttribute(_ name: String, _ values: [String], shape: [Int], on path: String) throws {
        if let bad = HDF5StringCodec.firstInvalid(values + [name]) {
            throw HDF5StoreError.invalidString(file: self.path, path: try canonicalPath(path), value: bad)
        }
        let stringType = HDF5StringCodec.variableLengthUTF8Type()
        defer { H5Tclose(stringType) }
        try replaceAttribute(name, on: path, fileType: stringType, shape: shape) { attribute in
            HDF5StringCodec.withCStringPointers(values) { H5Awrite(attribute, stringType, $0) }
        }
    }

    /// Deletes any attribute `name` on the object at `path`, creates it anew with
    /// `fileType` and `shape` (`[]` = scalar) and fills it with `write`.
    private func replaceAttribute(_ name: String, on path: String, fileType: hid_t, shape: [Int],
                                  write: (hid_t) -> herr_t) throws {
        let canonical = try canonicalPath(path)
        try withFile(writing: true) { fileID in
            let object = try openObject(fileID, canonical)
            defer { H5Oclose(object) }
            if H5Aexists(object, name) > 0, H5Adelete(object, name) < 0 {
                throw libraryFailure("\(canonical)@\(name)", "replace the attribute")
            }
            let dims = shape.map { hsize_t($0) }
            let space = shape.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(shape.count), dims, nil)
            defer { H5Sclose(space) }
            let attribute = H5Acreate2(object, name, fileType, space, p2p_H5P_DEFAULT(), p2p_H5P_DEFAULT())
            guard attribute >= 0 else { throw libraryFailure("\(canonical)@\(name)", "create the attribute") }
            defer { H5Aclose(attribute) }
            let empty = shape.reduce(1, *) == 0
            guard empty || write(attribute) >= 0 else { throw libraryFailure("\(canonical)@\(name)", "write the attribute") }
        }
    }

    /// Opens attribute `name` of the object at `path` and runs `body` with it under the lock.
    private func withAttribute<Result>(_ name: String, of path: String, _ body: (hid_t, String) throws -> Result) throws -> Result {
        let canonical = try canonicalPath(path)
        return try withFile(writing: false) { fileID in
            let object = try openObject(fileID, canonical)
            defer { H5Oclose(object) }
            guard H5Aexists(object, name) > 0 else {
                throw HDF5StoreError.attributeNotFound(file: self.path, path: canonical, name: name)
            }
            let attribute = H5Aopen(object, name, p2p_H5P_DEFAULT())
            guard attribute >= 0 else { throw libraryFailure("\(canonical)@\(name)", "open the attribute") }
            defer { H5Aclose(attribute) }
            return try body(attribute, canonical)
        }
    }

    /// Opens the group or dataset at canonical `path`; the caller closes it with `H5Oclose`.
    func openObject(_ fileID: hid_t, _ canonical: String) throws -> hid_t {
        guard objectType(fileID, canonical) != nil else {
            throw HDF5StoreError.objectNotFound(file: path, path: canonical)
        }
        let object = H5Oopen(fileID, canonical, p2p_H5P_DEFAULT())
        guard object >= 0 else { throw libraryFailure(canonical, "open the object") }
        return object
    }

    /// Number of elements in an open attribute (1 for a scalar).
    static func elementCount(_ attribute: hid_t) -> Int {
        let space = H5Aget_space(attribute)
        defer { H5Sclose(space) }
        return Int(H5Sget_simple_extent_npoints(space))
    }

    /// All strings of an open string attribute, or nil when HDF5 fails to read them.
    static func readStrings(_ attribute: hid_t, _ storedType: hid_t) -> [String]? {
        let space = H5Aget_space(attribute)
        defer { H5Sclose(space) }
        return HDF5StringCodec.readStrings(count: Int(H5Sget_simple_extent_npoints(space)), storedType: storedType, space: space) {
            H5Aread(attribute, $0, $1)
        }
    }
}
