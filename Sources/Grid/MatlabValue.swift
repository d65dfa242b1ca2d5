import Foundation
import PortableMath

/// A value of the MATLAB subset: a real matrix (a scalar is 1×1) or a string.
/// Matrices remember the source line of each literal row, so import errors
/// can point at the line of a bad bus or branch.
enum MatlabValue: Equatable {
    case matrix(MatlabMatrix)
    case string(String)
}

/// A dense real matrix, row-major.
struct MatlabMatrix: Equatable {
    var rows: Int
    var columns: Int
    var elements: [Double]
    /// Source line of each row when the matrix came from a literal; nil otherwise.
    var rowLines: [Int]?

    init(rows: Int, columns: Int, elements: [Double], rowLines: [Int]? = nil) {
        self.rows = rows; self.columns = columns; self.elements = elements; self.rowLines = rowLines
    }

    static func scalar(_ value: Double) -> MatlabMatrix { MatlabMatrix(rows: 1, columns: 1, elements: [value]) }

    var isScalar: Bool { rows == 1 && columns == 1 }

    subscript(row: Int, column: Int) -> Double {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    /// Elementwise `op`, broadcasting a scalar operand; nil when the shapes differ.
    static func elementwise(_ a: MatlabMatrix, _ b: MatlabMatrix, _ op: (Double, Double) -> Double) -> MatlabMatrix? {
        if a.isScalar && !b.isScalar {
            return MatlabMatrix(rows: b.rows, columns: b.columns, elements: b.elements.map { op(a.elements[0], $0) }, rowLines: b.rowLines)
        }
        if b.isScalar {
            return MatlabMatrix(rows: a.rows, columns: a.columns, elements: a.elements.map { op($0, b.elements[0]) }, rowLines: a.rowLines)
        }
        guard a.rows == b.rows, a.columns == b.columns else { return nil }
        return MatlabMatrix(rows: a.rows, columns: a.columns, elements: zip(a.elements, b.elements).map(op), rowLines: a.rowLines)
    }

    /// Matrix product (`*`); a scalar operand scales. Nil when inner dimensions differ.
    static func product(_ a: MatlabMatrix, _ b: MatlabMatrix) -> MatlabMatrix? {
        if a.isScalar || b.isScalar { return elementwise(a, b, *) }
        guard a.columns == b.rows else { return nil }
        var result = MatlabMatrix(rows: a.rows, columns: b.columns, elements: Array(repeating: 0, count: a.rows * b.columns))
        for i in 0..<a.rows {
            for k in 0..<a.columns {
                for j in 0..<b.columns { result[i, j] += a[i, k] * b[k, j] }
            }
        }
        return result
    }

    /// Horizontal concatenation `[a b]`; nil when row counts differ.
    static func horizontal(_ parts: [MatlabMatrix]) -> MatlabMatrix? {
        let nonEmpty = parts.filter { $0.rows * $0.columns > 0 }
        guard let first = nonEmpty.first else { return MatlabMatrix(rows: 0, columns: 0, elements: []) }
        guard nonEmpty.allSatisfy({ $0.rows == first.rows }) else { return nil }
        let columns = nonEmpty.reduce(0) { $0 + $1.columns }
        var elements: [Double] = []
        elements.reserveCapacity(first.rows * columns)
        for i in 0..<first.rows {
            for part in nonEmpty { elements.append(contentsOf: part.elements[(i * part.columns)..<((i + 1) * part.columns)]) }
        }
        return MatlabMatrix(rows: first.rows, columns: columns, elements: elements)
    }

    /// Vertical concatenation `[a; b]`; nil when column counts differ.
    static func vertical(_ parts: [MatlabMatrix], lines: [Int]) -> MatlabMatrix? {
        var rows = 0, columns = -1
        var elements: [Double] = []
        var rowLines: [Int] = []
        for (part, line) in zip(parts, lines) where part.rows * part.columns > 0 {
            if columns >= 0 && part.columns != columns { return nil }
            columns = part.columns
            rows += part.rows
            elements += part.elements
            rowLines += Array(repeating: line, count: part.rows)
        }
        return MatlabMatrix(rows: rows, columns: max(columns, 0), elements: elements, rowLines: rowLines)
    }

    /// The 1-based index list an index argument denotes, or nil for a non-integer / non-positive entry.
    var indexList: [Int]? {
        var result: [Int] = []
        for value in elements {
            guard value >= 1, value == value.rounded(), value < Double(Int32.max) else { return nil }
            result.append(Int(value))
        }
        return result
    }
}

/// The elementwise MATLAB functions the case files may call.
enum MatlabFunction {
    static let table: [String: @Sendable (Double) -> Double] = [
        "sin": Portable.sin, "cos": Portable.cos, "tan": Portable.tan, "asin": Portable.asin, "acos": Portable.acos,
        "atan": Portable.atan, "sqrt": { $0.squareRoot() }, "abs": { Swift.abs($0) }, "exp": Portable.exp,
        "log": Portable.log, "log10": Portable.log10,
    ]
}

/// The column-index constants MATPOWER's `idx_*` functions return, in their output order.
enum MatpowerIndexFunction {
    static let outputs: [String: [Double]] = [
        // [PQ, PV, REF, NONE, BUS_I, BUS_TYPE, PD, QD, GS, BS, BUS_AREA, VM, VA, BASE_KV, ZONE, VMAX, VMIN, LAM_P, LAM_Q, MU_VMAX, MU_VMIN]
        "idx_bus": [1, 2, 3, 4] + (1...17).map(Double.init),
        // [F_BUS, T_BUS, BR_R, BR_X, BR_B, RATE_A, RATE_B, RATE_C, TAP, SHIFT, BR_STATUS, PF, QF, PT, QT, MU_SF, MU_ST, ANGMIN, ANGMAX, MU_ANGMIN, MU_ANGMAX]
        "idx_brch": (1...21).map(Double.init),
        // [GEN_BUS, PG, QG, QMAX, QMIN, VG, MBASE, GEN_STATUS, PMAX, PMIN, PC1, …, APF, MU_PMAX, MU_PMIN, MU_QMAX, MU_QMIN]
        "idx_gen": (1...25).map(Double.init),
        // [PW_LINEAR, POLYNOMIAL, MODEL, STARTUP, SHUTDOWN, NCOST, COST]
        "idx_cost": [1, 2, 1, 2, 3, 4, 5],
    ]
}
