import Foundation
import HDF5Store

/// A file's hierarchy as `p2pgrid h5 ls` shows it, rendered as a text tree or JSON.
struct H5Listing {
    /// One group or dataset with its children (groups only).
    struct Node {
        var member: HDF5Member
        var children: [Node]
    }

    let file: String
    let root: Node

    /// Builds the tree from `HDF5File.members()`'s depth-first list.
    init(file: String, rootAttributes: [HDF5AttributeInfo], members: [HDF5Member]) {
        self.file = file
        var childrenByParent: [String: [HDF5Member]] = [:]
        for member in members {
            let parent = member.path.split(separator: "/").dropLast().joined(separator: "/")
            childrenByParent["/" + parent, default: []].append(member)
        }
        func build(_ member: HDF5Member) -> Node {
            Node(member: member, children: (childrenByParent[member.path] ?? []).map(build))
        }
        root = build(HDF5Member(path: "/", kind: .group, attributes: rootAttributes))
    }

    // MARK: - Text

    /// The tree with box-drawing branches; long attribute values are shortened.
    func text() -> String {
        var lines = ["\(file)", "/"]
        appendBody(of: root, prefix: "", into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    private func appendBody(of node: Node, prefix: String, into lines: inout [String]) {
        let attributePrefix = prefix + (node.children.isEmpty ? "    " : "│   ")
        for attribute in node.member.attributes {
            lines.append(attributePrefix + "@\(attribute.name): \(Self.typeAndShape(attribute.dataType, attribute.shape)) = "
                         + Self.shortValue(attribute))
        }
        for (index, child) in node.children.enumerated() {
            let isLast = index == node.children.count - 1
            lines.append(prefix + (isLast ? "└── " : "├── ") + Self.summary(child.member))
            appendBody(of: child, prefix: prefix + (isLast ? "    " : "│   "), into: &lines)
        }
    }

    private static func summary(_ member: HDF5Member) -> String {
        switch member.kind {
        case .group: return member.name + "/"
        case .namedDataType: return member.name + "  (named datatype)"
        case .unresolvedLink: return member.name + "  (unresolved link)"
        case let .dataset(info):
            var parts = [typeAndShape(info.dataType, info.shape)]
            if info.maxShape != info.shape.map(Optional.some) {
                parts[0] += " max [" + info.maxShape.map { $0.map(String.init) ?? "∞" }.joined(separator: ", ") + "]"
            }
            parts.append(info.chunks.map { "chunks [" + $0.map(String.init).joined(separator: ", ") + "]" } ?? "contiguous")
            if !info.filters.isEmpty { parts.append(info.filters.map(\.description).joined(separator: " + ")) }
            var stored = "\(byteCount(info.storedBytes)) stored"
            if let elementBytes = elementBytes(info.dataType), !info.filters.isEmpty, info.storedBytes > 0 {
                let rawBytes = info.shape.reduce(elementBytes, *)
                stored += String(format: " (%.2f:1)", Double(rawBytes) / Double(info.storedBytes))
            }
            parts.append(stored)
            return member.name + "  " + parts.joined(separator: ", ")
        }
    }

    private static func typeAndShape(_ type: HDF5DataType, _ shape: [Int]) -> String {
        shape.isEmpty ? "\(type)" : "\(type) [" + shape.map(String.init).joined(separator: ", ") + "]"
    }

    private static func elementBytes(_ type: HDF5DataType) -> Int? {
        switch type {
        case let .float(bits), let .signedInteger(bits), let .unsignedInteger(bits): return bits / 8
        case let .string(length?): return length
        default: return nil
        }
    }

    private static func byteCount(_ bytes: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }

    /// At most 8 values and 80 characters per string, so one attribute stays on one line.
    private static func shortValue(_ attribute: HDF5AttributeInfo) -> String {
        let rendered: [String]
        switch attribute.value {
        case let .integers(values): rendered = values.prefix(8).map(String.init)
        case let .reals(values):
            rendered = values.prefix(8).map { attribute.dataType == .float(bits: 32) ? "\(Float($0))" : "\($0)" }
        case let .strings(values):
            rendered = values.prefix(8).map { $0.count > 80 ? quoted(String($0.prefix(77)) + "…") : quoted($0) }
        case .unsupported: return "(not shown)"
        }
        let count = attribute.shape.reduce(1, *)
        guard !attribute.shape.isEmpty else { return rendered.first ?? "" }
        let more = count > rendered.count ? ", … (\(count) values)" : ""
        return "[" + rendered.joined(separator: ", ") + more + "]"
    }

    private static func quoted(_ string: String) -> String {
        let escaped = string.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }

    // MARK: - JSON

    /// The tree as pretty-printed JSON with sorted keys; see `JSONNode` for the schema.
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(JSONListing(file: file, root: JSONNode(root))), as: UTF8.self) + "\n"
    }

    private struct JSONListing: Encodable {
        var file: String
        var root: JSONNode
    }

    /// A group or dataset: `kind` is `group`, `dataset`, `namedDatatype` or `unresolvedLink`;
    /// dataset fields are absent for the others; `maxShape` uses null for unlimited.
    private struct JSONNode: Encodable {
        var path: String
        var kind: String
        var dtype: String?
        var shape: [Int]?
        var maxShape: [Int?]?
        var chunks: [Int]?
        var filters: [String]?
        var storedBytes: Int?
        var attributes: [JSONAttribute]
        var members: [JSONNode]?

        init(_ node: Node) {
            path = node.member.path
            attributes = node.member.attributes.map(JSONAttribute.init)
            switch node.member.kind {
            case .group:
                kind = "group"
                members = node.children.map(JSONNode.init)
            case .namedDataType: kind = "namedDatatype"
            case .unresolvedLink: kind = "unresolvedLink"
            case let .dataset(info):
                kind = "dataset"
                dtype = info.dataType.description
                shape = info.shape
                maxShape = info.maxShape
                chunks = info.chunks
                filters = info.filters.map(\.description)
                storedBytes = info.storedBytes
            }
        }

        enum CodingKeys: String, CodingKey {
            case path, kind, dtype, shape, maxShape, chunks, filters, storedBytes, attributes, members
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(path, forKey: .path)
            try container.encode(kind, forKey: .kind)
            try container.encode(attributes, forKey: .attributes)
            try container.encodeIfPresent(members, forKey: .members)
            guard kind == "dataset" else { return }
            try container.encode(dtype, forKey: .dtype)
            try container.encode(shape, forKey: .shape)
            try container.encode(maxShape, forKey: .maxShape)
            try container.encode(chunks, forKey: .chunks)
            try container.encode(filters, forKey: .filters)
            try container.encode(storedBytes, forKey: .storedBytes)
        }
    }

    /// An attribute; `value` is a scalar for scalar attributes, else a flat array (null if undecodable).
    private struct JSONAttribute: Encodable {
        var info: HDF5AttributeInfo

        init(_ info: HDF5AttributeInfo) { self.info = info }

        enum CodingKeys: String, CodingKey { case name, dtype, shape, value }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(info.name, forKey: .name)
            try container.encode(info.dataType.description, forKey: .dtype)
            try container.encode(info.shape, forKey: .shape)
            let scalar = info.shape.isEmpty
            switch info.value {
            case let .integers(values): scalar ? try container.encode(values.first, forKey: .value) : try container.encode(values, forKey: .value)
            case let .reals(values): scalar ? try container.encode(values.first, forKey: .value) : try container.encode(values, forKey: .value)
            case let .strings(values): scalar ? try container.encode(values.first, forKey: .value) : try container.encode(values, forKey: .value)
            case .unsupported: try container.encodeNil(forKey: .value)
            }
        }
    }
}
