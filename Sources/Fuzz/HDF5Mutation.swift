import Foundation
import HDF5Store

/// Structure-aware mutation of an HDF5 file: a fuzz input is read as a
/// program of edits (drop a dataset or attribute, change a shape or an
/// element type, write NaN, ±∞ or extreme values, replace strings) applied to
/// a valid seed file read into memory, and the result written as a new, well-
/// formed HDF5 file. HDF5 itself then parses nothing broken, so what is
/// exercised is what p2pgrid does with whatever HDF5 hands it — its own
/// validation of names, shapes, types and values (issue 16).
enum HDF5Mutation {
    /// Writes a mutated copy of one of `seeds` (chosen by the input's first byte) to `output`.
    static func apply(_ input: Data, seeds: [String], to output: String) throws {
        guard !seeds.isEmpty else { throw FuzzSetupError(message: "no seed HDF5 files") }
        var bytes = ByteReader(Array(input))
        let seed = seeds[Int(bytes.next() ?? 0) % seeds.count]
        var model = try FileModel(reading: seed)
        var edits = 0
        while let op = bytes.next(), edits < 64 {
            model.edit(op, &bytes)
            edits += 1
        }
        try? FileManager.default.removeItem(atPath: output)
        try model.write(to: output)
    }
}

/// The input's bytes, consumed one at a time.
struct ByteReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func next() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    /// An index below `count` (0 when the input is used up).
    mutating func index(_ count: Int) -> Int { count > 0 ? Int(next() ?? 0) % count : 0 }

    /// Up to `limit` of the next bytes as text.
    mutating func text(limit: Int) -> String {
        let length = index(limit + 1)
        var taken: [UInt8] = []
        for _ in 0..<length { if let byte = next() { taken.append(byte) } }
        return String(decoding: taken, as: UTF8.self)
    }
}

/// One HDF5 file in memory: datasets with their values and attributes, in name order.
private struct FileModel {
    enum Values {
        case reals([Double], bits: Int)
        case integers([Int64], signed: Bool, bits: Int)
        case strings([String])

        var count: Int {
            switch self {
            case let .reals(v, _): return v.count
            case let .integers(v, _, _): return v.count
            case let .strings(v): return v.count
            }
        }

        /// The values cut or zero-padded to `count`.
        func resized(_ count: Int) -> Values {
            func fit<T>(_ v: [T], _ zero: T) -> [T] { v.count >= count ? Array(v.prefix(count)) : v + Array(repeating: zero, count: count - v.count) }
            switch self {
            case let .reals(v, bits): return .reals(fit(v, 0), bits: bits)
            case let .integers(v, signed, bits): return .integers(fit(v, 0), signed: signed, bits: bits)
            case let .strings(v): return .strings(fit(v, ""))
            }
        }
    }

    struct Attribute {
        var name: String
        var value: HDF5AttributeValue
        var dataType: HDF5DataType
        var shape: [Int]
    }

    struct Dataset {
        var path: String
        var values: Values
        var shape: [Int]
        var attributes: [Attribute]
    }

    var datasets: [Dataset] = []
    var rootAttributes: [Attribute] = []

    init(reading path: String) throws {
        let file = try HDF5File.openReadOnly(atPath: path)
        defer { try? file.close() }
        rootAttributes = try file.attributes().map(Self.attribute)
        for member in try file.members() {
            guard case let .dataset(info) = member.kind else { continue }
            let values: Values
            switch info.dataType {
            case .string:
                values = .strings(try file.readStrings(member.path).values)
            case let .float(bits):
                guard case let .reals(v) = try file.readWidened(member.path) else { continue }
                values = .reals(v, bits: bits)
            case let .signedInteger(bits), let .unsignedInteger(bits):
                guard case let .integers(v) = try file.readWidened(member.path) else { continue }
                if case .signedInteger = info.dataType { values = .integers(v, signed: true, bits: bits) } else { values = .integers(v, signed: false, bits: bits) }
            case .other:
                continue
            }
            datasets.append(Dataset(path: member.path, values: values, shape: info.shape, attributes: member.attributes.map(Self.attribute)))
        }
    }

    private static func attribute(_ info: HDF5AttributeInfo) -> Attribute {
        Attribute(name: info.name, value: info.value, dataType: info.dataType, shape: info.shape)
    }

    /// Special values an edit writes.
    private static let reals: [Double] = [.nan, .infinity, -.infinity, 0, -1, 1e300, -1e300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 3.4e38, 0.5, 65536]
    private static let integers: [Int64] = [0, -1, 1, 255, 256, 65535, Int64(Int32.max), Int64(Int32.min), Int64.max, Int64.min, 1 << 40]

    mutating func edit(_ op: UInt8, _ bytes: inout ByteReader) {
        switch op % 10 {
        case 0 where !datasets.isEmpty:                                  // drop a dataset
            datasets.remove(at: bytes.index(datasets.count))
        case 1:                                                          // drop an attribute
            if bytes.index(2) == 0, !rootAttributes.isEmpty {
                rootAttributes.remove(at: bytes.index(rootAttributes.count))
            } else if !datasets.isEmpty {
                let d = bytes.index(datasets.count)
                if !datasets[d].attributes.isEmpty { datasets[d].attributes.remove(at: bytes.index(datasets[d].attributes.count)) }
            }
        case 2 where !datasets.isEmpty:                                  // special values, in one element or all
            let d = bytes.index(datasets.count)
            let all = bytes.index(4) == 0
            let element = bytes.index(max(1, datasets[d].values.count))
            switch datasets[d].values {
            case .reals(var v, let bits) where !v.isEmpty:
                let value = Self.reals[bytes.index(Self.reals.count)]
                if all { v = Array(repeating: value, count: v.count) } else { v[element] = value }
                datasets[d].values = .reals(v, bits: bits)
            case .integers(var v, let signed, let bits) where !v.isEmpty:
                let value = Self.integers[bytes.index(Self.integers.count)]
                if all { v = Array(repeating: value, count: v.count) } else { v[element] = value }
                datasets[d].values = .integers(v, signed: signed, bits: bits)
            case var .strings(v) where !v.isEmpty:
                v[element] = bytes.text(limit: 24)
                datasets[d].values = .strings(v)
            default: break
            }
        case 3 where !datasets.isEmpty:                                  // another shape
            let d = bytes.index(datasets.count)
            var shape = datasets[d].shape
            switch bytes.index(4) {
            case 0: if !shape.isEmpty { shape[0] = bytes.index(shape[0] + 2) }          // fewer or one more row
            case 1: if shape.count > 1 { shape.removeLast() } else { shape = [] }       // one dimension less
            case 2: shape.append(1 + bytes.index(3))                                     // one more
            default: if !shape.isEmpty { shape[shape.count - 1] = bytes.index(shape[shape.count - 1] + 2) }
            }
            if case .strings = datasets[d].values, shape.isEmpty { shape = [1] }
            datasets[d].shape = shape
            datasets[d].values = datasets[d].values.resized(shape.reduce(1, *))
        case 4 where !datasets.isEmpty:                                  // another element type
            let d = bytes.index(datasets.count)
            let numbers: [Double]
            switch datasets[d].values {
            case let .reals(v, _): numbers = v
            case let .integers(v, _, _): numbers = v.map(Double.init)
            case let .strings(v): numbers = v.map { Double($0) ?? 0 }
            }
            switch bytes.index(5) {
            case 0: datasets[d].values = .reals(numbers, bits: 32)
            case 1: datasets[d].values = .reals(numbers, bits: 64)
            case 2: datasets[d].values = .integers(numbers.map { $0.isFinite ? Int64(max(-1e18, min(1e18, $0))) : 0 }, signed: true, bits: 32)
            case 3: datasets[d].values = .integers(numbers.map { $0.isFinite ? Int64(max(0, min(255, $0))) : 0 }, signed: false, bits: 8)
            default: datasets[d].values = .strings(numbers.map { "\($0)" })
            }
            if case .strings = datasets[d].values, datasets[d].shape.isEmpty { datasets[d].shape = [1] }
        case 5, 6:                                                       // an attribute's value
            let onRoot = bytes.index(2) == 0 || datasets.isEmpty
            let d = onRoot ? 0 : bytes.index(datasets.count)
            let count = onRoot ? rootAttributes.count : datasets[d].attributes.count
            guard count > 0 else { return }
            let a = bytes.index(count)
            var attribute = onRoot ? rootAttributes[a] : datasets[d].attributes[a]
            switch attribute.value {
            case var .strings(v) where !v.isEmpty:
                switch bytes.index(4) {
                case 0: v[bytes.index(v.count)] = bytes.text(limit: 40)
                case 1: v.removeLast()
                case 2: v.append(v[bytes.index(v.count)])
                default: v = [String(v.joined(separator: ",").prefix(bytes.index(200)))]
                }
                attribute.value = .strings(v)
                attribute.shape = attribute.shape.isEmpty && v.count == 1 ? [] : [v.count]
            case var .integers(v) where !v.isEmpty:
                v[bytes.index(v.count)] = Self.integers[bytes.index(Self.integers.count)]
                attribute.value = .integers(v)
            case var .reals(v) where !v.isEmpty:
                v[bytes.index(v.count)] = Self.reals[bytes.index(Self.reals.count)]
                attribute.value = .reals(v)
            default: break
            }
            if onRoot { rootAttributes[a] = attribute } else { datasets[d].attributes[a] = attribute }
        case 7 where datasets.count > 1:                                 // two datasets trade places
            let a = bytes.index(datasets.count), b = bytes.index(datasets.count)
            let path = datasets[a].path
            datasets[a].path = datasets[b].path
            datasets[b].path = path
        case 8 where !datasets.isEmpty:                                  // a dataset duplicated under another name
            var copy = datasets[bytes.index(datasets.count)]
            copy.path += bytes.text(limit: 8).filter { $0.isLetter || $0.isNumber || $0 == "_" }
            if !datasets.contains(where: { $0.path == copy.path }) { datasets.append(copy) }
        default:                                                         // an attribute that holds a number now holds text, or back
            guard !rootAttributes.isEmpty else { return }
            let a = bytes.index(rootAttributes.count)
            switch rootAttributes[a].value {
            case .strings: rootAttributes[a].value = .integers([Self.integers[bytes.index(Self.integers.count)]])
            default: rootAttributes[a].value = .strings([bytes.text(limit: 16)])
            }
            rootAttributes[a].shape = []
        }
    }

    func write(to path: String) throws {
        let file = try HDF5File.create(atPath: path)
        for dataset in datasets {
            let shape = dataset.shape
            switch dataset.values {
            case let .reals(v, bits):
                if bits == 64 { try file.write(v, shape: shape, to: dataset.path) } else { try file.write(v.map(Float.init), shape: shape, to: dataset.path) }
            case let .integers(v, signed, bits):
                switch (signed, bits) {
                case (false, 8): try file.write(v.map { UInt8(truncatingIfNeeded: $0) }, shape: shape, to: dataset.path)
                case (true, 32): try file.write(v.map { Int32(truncatingIfNeeded: $0) }, shape: shape, to: dataset.path)
                default: try file.write(v, shape: shape, to: dataset.path)
                }
            case let .strings(v):
                try file.write(v, shape: shape.isEmpty ? nil : shape, to: dataset.path)
            }
            for attribute in dataset.attributes { try write(attribute, on: dataset.path, in: file) }
        }
        for attribute in rootAttributes { try write(attribute, on: "/", in: file) }
        try file.close()
    }

    private func write(_ attribute: Attribute, on path: String, in file: HDF5File) throws {
        let scalar = attribute.shape.isEmpty
        switch attribute.value {
        case let .strings(v):
            if scalar, v.count == 1 { try file.setAttribute(attribute.name, to: v[0], on: path) } else { try file.setAttribute(attribute.name, to: v, on: path) }
        case let .integers(v):
            if case .unsignedInteger(8) = attribute.dataType {
                let bytes = v.map { UInt8(truncatingIfNeeded: $0) }
                if scalar, bytes.count == 1 { try file.setAttribute(attribute.name, to: bytes[0], on: path) } else { try file.setAttribute(attribute.name, to: bytes, on: path) }
            } else if scalar, v.count == 1 {
                try file.setAttribute(attribute.name, to: v[0], on: path)
            } else {
                try file.setAttribute(attribute.name, to: v, on: path)
            }
        case let .reals(v):
            if scalar, v.count == 1 { try file.setAttribute(attribute.name, to: v[0], on: path) } else { try file.setAttribute(attribute.name, to: v, on: path) }
        case .unsupported:
            break
        }
    }
}
