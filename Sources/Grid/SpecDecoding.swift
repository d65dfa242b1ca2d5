import Yams

/// Decodes a YAML spec file (system specs, dataset specs) into its typed
/// form, turning every YAML and type error into `GridError.invalidSpec`
/// naming the file and the dotted field path (`microgrids.list[2].bus`).
public enum SpecDecoding {
    /// Decodes `text`, read from `file`, as `type`.
    public static func decode<Spec: Decodable>(_ type: Spec.Type, from text: String, file: String) throws(GridError) -> Spec {
        do {
            return try YAMLDecoder().decode(Spec.self, from: text)
        } catch let error as DecodingError {
            switch error {
            case let .keyNotFound(key, context):
                throw .invalidSpec(file: file, field: fieldPath(context.codingPath + [key]), message: "missing field")
            case let .typeMismatch(type, context):
                throw .invalidSpec(file: file, field: fieldPath(context.codingPath), message: "expected \(describe(type))")
            case let .valueNotFound(type, context):
                throw .invalidSpec(file: file, field: fieldPath(context.codingPath), message: "expected \(describe(type)), found nothing")
            case let .dataCorrupted(context):
                if let underlying = context.underlyingError {
                    throw .invalidSpec(file: file, field: fieldPath(context.codingPath), message: "not valid YAML: \(underlying)")
                }
                throw .invalidSpec(file: file, field: fieldPath(context.codingPath), message: context.debugDescription)
            @unknown default:
                throw .invalidSpec(file: file, field: "(document)", message: "\(error)")
            }
        } catch {
            throw .invalidSpec(file: file, field: "(document)", message: "not valid YAML: \(error)")
        }
    }

    private static func fieldPath(_ path: [any CodingKey]) -> String {
        guard !path.isEmpty else { return "(document)" }
        var text = ""
        for key in path {
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type: return "a number"
        case is Int.Type: return "an integer"
        case is String.Type: return "a string"
        default: return "\(type)"
        }
    }

}
