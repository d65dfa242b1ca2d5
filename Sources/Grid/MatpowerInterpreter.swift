import Foundation
import PortableMath

/// Evaluates the statements of a MATPOWER version-2 case file: the
/// `function mpc = name` header, `mpc.field = …` assignments of matrices,
/// scalars and strings, plain variables (`Vbase = …`), `[A, B, …] = idx_bus`
/// destructuring, and indexed assignments such as
/// `mpc.branch(:, [BR_R BR_X]) = mpc.branch(:, [BR_R BR_X]) / (Vbase^2 / Sbase)`.
/// Expressions support `+ - * / ^ .* ./ .^`, parentheses, matrix literals,
/// `(rows, columns)` indexing with `:` and the elementwise functions of
/// `MatlabFunction`. Any other statement is a `GridError` naming file and line.
struct MatpowerInterpreter {
    /// Fields of `mpc` a case may set, and whether each holds a matrix.
    static let caseFields: [String: Bool] = ["version": false, "baseMVA": true, "bus": true, "gen": true, "branch": true, "gencost": true]

    let file: String
    private var tokens: [MatlabToken] = []
    private var position = 0
    private(set) var functionName: String?
    private(set) var fields: [String: MatlabValue] = [:]
    private(set) var variables: [String: MatlabValue] = [:]
    /// Nesting of `[ ]` being parsed: inside one, whitespace separates elements.
    private var bracketDepth = 0

    init(file: String) { self.file = file }

    mutating func run(_ text: String) throws(GridError) {
        tokens = try MatlabLexer(file: file).tokenize(text)
        position = 0
        while true {
            skipStatementSeparators()
            if case .end = current.kind { return }
            try statement()
        }
    }

    // MARK: statements

    private mutating func statement() throws(GridError) {
        let line = current.line
        if case .identifier("function") = current.kind {
            guard functionName == nil, fields.isEmpty, variables.isEmpty else { throw unsupported(line) }
            advance()
            guard case .identifier("mpc") = current.kind else { throw unsupported(line) }
            advance()
            try expect("=")
            guard case let .identifier(name) = current.kind else { throw unsupported(line) }
            advance()
            functionName = name
        } else if isSymbol("[") {
            try destructuring(line: line)
        } else if case let .identifier(name) = current.kind {
            advance()
            try assignment(to: name, line: line)
        } else {
            throw unsupported(line)
        }
        try endOfStatement(line: line)
    }

    /// `[A, B, …] = idx_bus`: names receive MATPOWER's column constants positionally.
    private mutating func destructuring(line: Int) throws(GridError) {
        advance()
        var names: [String] = []
        while !isSymbol("]") {
            guard case let .identifier(name) = current.kind else { throw unsupported(line) }
            names.append(name)
            advance()
            if isSymbol(",") { advance() }
        }
        advance()
        try expect("=")
        guard case let .identifier(function) = current.kind, let outputs = MatpowerIndexFunction.outputs[function],
              names.count <= outputs.count else { throw unsupported(line) }
        advance()
        for (name, value) in zip(names, outputs) { variables[name] = .matrix(.scalar(value)) }
    }

    private mutating func assignment(to name: String, line: Int) throws(GridError) {
        if name != "mpc" {
            guard isSymbol("=") else { throw unsupported(line) }
            advance()
            variables[name] = try expression()
            return
        }
        guard isSymbol(".") else { throw unsupported(line) }
        advance()
        guard case let .identifier(field) = current.kind, let isMatrix = Self.caseFields[field] else { throw unsupported(line) }
        advance()
        if isSymbol("(") {
            let (rows, columns) = try indexArguments(line: line)
            try expect("=")
            let value = try matrix(try expression(), line: line)
            guard case let .matrix(target)? = fields[field] else { throw undefined("mpc.\(field)", line: line) }
            fields[field] = .matrix(try assign(value, into: target, rows: rows, columns: columns, line: line))
            return
        }
        try expect("=")
        let value = try expression()
        switch (value, isMatrix) {
        case (.matrix, true), (.string, false): fields[field] = value
        default: throw .matpowerSyntax(file: file, line: line, message: "mpc.\(field) must be \(isMatrix ? "numeric" : "a string")")
        }
    }

    private func assign(_ value: MatlabMatrix, into target: MatlabMatrix, rows: IndexSelection, columns: IndexSelection,
                        line: Int) throws(GridError) -> MatlabMatrix {
        let rowList = try rows.resolve(count: target.rows, file: file, line: line)
        let columnList = try columns.resolve(count: target.columns, file: file, line: line)
        guard value.isScalar || (value.rows == rowList.count && value.columns == columnList.count) else {
            throw .matpowerSyntax(file: file, line: line, message: "assigning a \(value.rows)×\(value.columns) value to a \(rowList.count)×\(columnList.count) selection")
        }
        var result = target
        for (i, row) in rowList.enumerated() {
            for (j, column) in columnList.enumerated() {
                result[row, column] = value.isScalar ? value.elements[0] : value[i, j]
            }
        }
        return result
    }

    // MARK: expressions (MATLAB precedence: + - < * / < unary minus < ^ < postfix)

    private mutating func expression() throws(GridError) -> MatlabValue {
        var left = try term()
        while isSymbol("+") || isSymbol("-") {
            // Inside brackets `[a -b]` is two elements: a sign glued to its operand after a space starts a new one.
            if bracketDepth > 0 && current.spaceBefore && !current.spaceAfter { break }
            let op = current.kind, line = current.line
            advance()
            let right = try term()
            left = try binary(op == .symbol("+") ? "+" : "-", left, right, line: line)
        }
        return left
    }

    private mutating func term() throws(GridError) -> MatlabValue {
        var left = try unary()
        while case let .symbol(op) = current.kind, ["*", "/", ".*", "./"].contains(op) {
            let line = current.line
            advance()
            left = try binary(op, left, try unary(), line: line)
        }
        return left
    }

    private mutating func unary() throws(GridError) -> MatlabValue {
        if isSymbol("-") || isSymbol("+") {
            let negate = isSymbol("-"), line = current.line
            advance()
            let operand = try unary()
            return negate ? try binary("*", .matrix(.scalar(-1)), operand, line: line) : operand
        }
        return try power()
    }

    private mutating func power() throws(GridError) -> MatlabValue {
        var base = try postfix()
        while case let .symbol(op) = current.kind, op == "^" || op == ".^" {
            let line = current.line
            advance()
            var exponent: MatlabValue
            if isSymbol("-") || isSymbol("+") {
                let negate = isSymbol("-")
                advance()
                exponent = try postfix()
                if negate { exponent = try binary("*", .matrix(.scalar(-1)), exponent, line: line) }
            } else {
                exponent = try postfix()
            }
            base = try binary(op, base, exponent, line: line)
        }
        return base
    }

    private mutating func postfix() throws(GridError) -> MatlabValue {
        let line = current.line
        switch current.kind {
        case let .number(value):
            advance()
            return .matrix(.scalar(value))
        case let .string(text):
            advance()
            return .string(text)
        case .symbol("("):
            advance()
            let saved = bracketDepth
            bracketDepth = 0
            let value = try expression()
            bracketDepth = saved
            try expect(")")
            return value
        case .symbol("["):
            return try matrixLiteral()
        case let .identifier(name):
            advance()
            var value: MatlabValue
            if name == "mpc" {
                guard isSymbol(".") else { throw unsupported(line) }
                advance()
                guard case let .identifier(field) = current.kind else { throw unsupported(line) }
                advance()
                guard let stored = fields[field] else { throw undefined("mpc.\(field)", line: line) }
                value = stored
            } else if let function = MatlabFunction.table[name], variables[name] == nil {
                try expect("(")
                let argument = try matrix(try expression(), line: line)
                try expect(")")
                return .matrix(MatlabMatrix(rows: argument.rows, columns: argument.columns, elements: argument.elements.map(function)))
            } else if let stored = variables[name] ?? Self.constants[name].map({ .matrix(.scalar($0)) }) {
                value = stored
            } else {
                throw undefined(name, line: line)
            }
            if isSymbol("(") && !(bracketDepth > 0 && current.spaceBefore) {
                let source = try matrix(value, line: line)
                let (rows, columns) = try indexArguments(line: line)
                let rowList = try rows.resolve(count: source.rows, file: file, line: line)
                let columnList = try columns.resolve(count: source.columns, file: file, line: line)
                var elements: [Double] = []
                for row in rowList { for column in columnList { elements.append(source[row, column]) } }
                value = .matrix(MatlabMatrix(rows: rowList.count, columns: columnList.count, elements: elements,
                                             rowLines: source.rowLines.map { lines in rowList.map { lines[$0] } }))
            }
            return value
        default:
            throw unsupported(line)
        }
    }

    private static let constants: [String: Double] = ["pi": .pi, "Inf": .infinity, "inf": .infinity, "NaN": .nan, "nan": .nan]

    /// `[ … ]`: rows end at `;` or a newline, elements are separated by commas or whitespace.
    private mutating func matrixLiteral() throws(GridError) -> MatlabValue {
        let line = current.line
        advance()
        bracketDepth += 1
        defer { bracketDepth -= 1 }
        var rows: [MatlabMatrix] = [], rowLines: [Int] = []
        var elements: [MatlabMatrix] = []
        var rowLine = current.line
        func closeRow() throws(GridError) {
            guard !elements.isEmpty else { return }
            guard let row = MatlabMatrix.horizontal(elements) else {
                throw .matpowerSyntax(file: file, line: rowLine, message: "elements of a matrix row have different heights")
            }
            rows.append(row); rowLines.append(rowLine); elements = []
        }
        while true {
            switch current.kind {
            case .symbol("]"):
                try closeRow()
                advance()
                if let first = rows.first, let bad = rows.firstIndex(where: { $0.columns != first.columns }) {
                    throw .matpowerSyntax(file: file, line: rowLines[bad], message: "row has \(rows[bad].columns) columns, the matrix's first row (line \(rowLines[0])) has \(first.columns)")
                }
                guard let result = MatlabMatrix.vertical(rows, lines: rowLines) else {
                    throw .matpowerSyntax(file: file, line: line, message: "rows of the matrix have different lengths")
                }
                return .matrix(result)
            case .symbol(";"), .newline:
                try closeRow()
                advance()
                rowLine = current.line
            case .symbol(","):
                advance()
            case .end:
                throw .matpowerSyntax(file: file, line: line, message: "matrix opened here is never closed with `]`")
            default:
                if elements.isEmpty { rowLine = current.line }
                elements.append(try matrix(try expression(), line: current.line))
            }
        }
    }

    /// `(rows, columns)` after a matrix name.
    private mutating func indexArguments(line: Int) throws(GridError) -> (IndexSelection, IndexSelection) {
        try expect("(")
        let saved = bracketDepth
        bracketDepth = 0
        defer { bracketDepth = saved }
        let rows = try indexArgument(line: line)
        guard isSymbol(",") else {
            throw .unsupportedStatement(file: file, line: line, statement: "linear indexing; use (rows, columns)")
        }
        advance()
        let columns = try indexArgument(line: line)
        try expect(")")
        return (rows, columns)
    }

    private mutating func indexArgument(line: Int) throws(GridError) -> IndexSelection {
        if isSymbol(":") {
            advance()
            return .all
        }
        let value = try matrix(try expression(), line: line)
        guard let list = value.indexList else {
            throw .matpowerSyntax(file: file, line: line, message: "index must be positive integers")
        }
        return .list(list)
    }

    private func binary(_ op: String, _ a: MatlabValue, _ b: MatlabValue, line: Int) throws(GridError) -> MatlabValue {
        let x = try matrix(a, line: line), y = try matrix(b, line: line)
        let result: MatlabMatrix?
        switch op {
        case "+": result = .elementwise(x, y, +)
        case "-": result = .elementwise(x, y, -)
        case ".*": result = .elementwise(x, y, *)
        case "./": result = .elementwise(x, y, /)
        case ".^": result = .elementwise(x, y, Portable.pow)
        case "*": result = .product(x, y)
        case "/":
            guard y.isScalar else { throw .unsupportedStatement(file: file, line: line, statement: "matrix right division") }
            result = .elementwise(x, y, /)
        case "^":
            guard x.isScalar, y.isScalar else { throw .unsupportedStatement(file: file, line: line, statement: "matrix power") }
            result = .elementwise(x, y, Portable.pow)
        default: result = nil
        }
        guard let result else {
            throw .matpowerSyntax(file: file, line: line, message: "`\(op)` on a \(x.rows)×\(x.columns) and a \(y.rows)×\(y.columns) operand")
        }
        return .matrix(result)
    }

    // MARK: token helpers

    private var current: MatlabToken { tokens[position] }
    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }
    private func isSymbol(_ s: String) -> Bool { current.kind == .symbol(s) }

    private mutating func expect(_ symbol: String) throws(GridError) {
        guard isSymbol(symbol) else {
            throw .matpowerSyntax(file: file, line: current.line, message: "expected `\(symbol)`")
        }
        advance()
    }

    private mutating func skipStatementSeparators() {
        while current.kind == .newline || isSymbol(";") || isSymbol(",") { advance() }
    }

    private mutating func endOfStatement(line: Int) throws(GridError) {
        guard current.kind == .newline || isSymbol(";") || isSymbol(",") || current.kind == .end else { throw unsupported(line) }
    }

    private func matrix(_ value: MatlabValue, line: Int) throws(GridError) -> MatlabMatrix {
        guard case let .matrix(m) = value else {
            throw .matpowerSyntax(file: file, line: line, message: "a string where a number is needed")
        }
        return m
    }

    private func undefined(_ name: String, line: Int) -> GridError {
        .matpowerSyntax(file: file, line: line, message: "`\(name)` is not defined")
    }

    /// The source text of the statement starting on `line`, for the error message.
    private func unsupported(_ line: Int) -> GridError {
        .unsupportedStatement(file: file, line: line, statement: statementText(line: line))
    }

    private func statementText(line: Int) -> String {
        var parts: [String] = []
        for token in tokens where token.line == line {
            switch token.kind {
            case let .identifier(s), let .symbol(s): parts.append(s)
            case let .number(v): parts.append(v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v))
            case let .string(s): parts.append("'\(s)'")
            case .newline, .end: break
            }
        }
        return parts.joined(separator: " ")
    }
}

/// The rows or columns an index argument selects.
enum IndexSelection {
    case all
    case list([Int])

    /// 0-based indices into a dimension of `count`.
    func resolve(count: Int, file: String, line: Int) throws(GridError) -> [Int] {
        switch self {
        case .all: return Array(0..<count)
        case let .list(indices):
            guard let bad = indices.first(where: { $0 > count }) else { return indices.map { $0 - 1 } }
            throw .matpowerSyntax(file: file, line: line, message: "index \(bad) exceeds dimension \(count)")
        }
    }
}
