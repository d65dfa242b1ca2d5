import Yams

/// Converts a YAML node to a `ParameterValue` of a declared type, with
/// messages that name the stage, field and line.
struct ParameterNodeReader {
    let stage: String?
    let locator: FieldLocator

    func value(_ node: Node, type: ParameterType, field: String) throws -> ParameterValue {
        let location = locator.location(node.mark, stage: stage, field: field)
        switch type {
        case .int(let range):
            let value = try Self.plainInteger(node, at: location)
            guard range.contains(value) else {
                throw PipelineError.outOfRange(location, value: String(value), allowed: "\(range.lowerBound)...\(range.upperBound)")
            }
            return .int(value)
        case .double(let range):
            guard let scalar = node.scalar, scalar.style == .plain, let value = Double(scalar.string), value.isFinite else {
                throw PipelineError.wrongType(location, expected: "a number", found: describe(node))
            }
            guard range.contains(value) else {
                throw PipelineError.outOfRange(location, value: scalar.string, allowed: "\(range.lowerBound)...\(range.upperBound)")
            }
            return .double(value)
        case .bool:
            guard let scalar = node.scalar, scalar.style == .plain, ["true", "false"].contains(scalar.string) else {
                throw PipelineError.wrongType(location, expected: "true or false", found: describe(node))
            }
            return .bool(scalar.string == "true")
        case .string:
            return .string(try string(node, at: location))
        case .choice(let cases):
            let text = try string(node, at: location)
            guard cases.contains(text) else {
                throw PipelineError.outOfRange(location, value: "'\(text)'", allowed: cases.joined(separator: ", "))
            }
            return .string(text)
        case .list(let element, let count):
            guard let sequence = node.sequence else {
                throw PipelineError.wrongType(location, expected: "a list", found: describe(node))
            }
            guard count.contains(sequence.count) else {
                throw PipelineError.outOfRange(location, value: "a list of \(sequence.count)",
                                               allowed: "\(count.lowerBound)...\(count.upperBound) elements")
            }
            return .list(try sequence.enumerated().map { index, item in
                try value(item, type: element, field: "\(field)[\(index)]")
            })
        }
    }

    /// A plain (unquoted) integer scalar; `"5"` in quotes is a string, not an integer.
    static func plainInteger(_ node: Node, at location: SpecLocation) throws -> Int {
        guard let scalar = node.scalar, scalar.style == .plain, let value = Int(scalar.string) else {
            throw PipelineError.wrongType(location, expected: "an integer", found: describe(node))
        }
        return value
    }

    private func string(_ node: Node, at location: SpecLocation) throws -> String {
        guard let scalar = node.scalar, !(scalar.style == .plain && ["", "~", "null"].contains(scalar.string)) else {
            throw PipelineError.wrongType(location, expected: "a string", found: describe(node))
        }
        return scalar.string
    }
}
