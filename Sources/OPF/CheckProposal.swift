import Foundation

/// Why `p2pgrid check` cannot start: each case names the file and, for the
/// proposal, the field (`trades[0].kW`), so the input can be fixed. Exit status 2.
public enum CheckInputError: Error, CustomStringConvertible {
    /// The proposal file cannot be read or is not a JSON object.
    case unreadableProposal(file: String, reason: String)
    /// A field of the proposal is missing, unknown, of the wrong type or out of range.
    case proposalField(file: String, field: String, problem: String)
    /// The MATPOWER case cannot be used (unreadable, malformed, meshed, missing costs);
    /// the file is named once, also where the reason (a `GridError`) already starts with it.
    case caseFile(file: String, reason: String)
    /// An option on the command line has an unusable value.
    case option(name: String, problem: String)

    /// The message printed after `p2pgrid check: `.
    public var description: String {
        switch self {
        case let .unreadableProposal(file, reason): return "\(file): \(reason)"
        case let .proposalField(file, field, problem): return "\(file): field '\(field)': \(problem)"
        case let .caseFile(file, reason): return reason.hasPrefix(file) ? reason : "\(file): \(reason)"
        case let .option(name, problem): return "\(name) \(problem)"
        }
    }
}

/// The proposal file of `p2pgrid check` (issue #12): scenario, prices,
/// microgrids and trades, read strictly — every key known, every field typed
/// and in range — so the DSO never solves a silently misread proposal.
///
/// ```json
/// {"loadScale": 1.0, "sheddingPriceRsPerKW2": 0.05, "correctionPriceRsPerKW2": 1.0,
///  "microgrids": [{"bus": 17, "powerFactor": 0.95}, {"bus": 22, "powerFactor": 0.9}],
///  "trades": [{"seller": 0, "buyer": 1, "kW": 350.0}],
///  "curtailmentPriceRsPerKWh": 40.0, "vollRsPerKWh": 200.0}
/// ```
public struct CheckProposal: Sendable {
    /// Multiplies every bus load of the case.
    public var loadScale: Double
    /// `c_ls` (Rs/kW²h).
    public var sheddingPriceRsPerKW2: Double
    /// `λ_corr` (Rs/kW²h).
    public var correctionPriceRsPerKW2: Double
    /// Where the microgrids connect, with their power factors.
    public var microgrids: [MicrogridConnection]
    /// The bilateral trades, indexing into `microgrids`.
    public var trades: [BilateralTrade]
    /// `π_curt` (Rs/kWh); nil → 10 × the import price.
    public var curtailmentPriceRsPerKWh: Double?
    /// VOLL (Rs/kWh); nil → 50 × the import price.
    public var vollRsPerKWh: Double?

    /// Deeper nesting than this is refused before parsing: the file has two levels of
    /// its own, and a recursive parser must not meet attacker-chosen depth.
    public static let maximumNestingDepth = 32

    /// Reads and validates the proposal at `path`; bus ids must be among `busIds` (the case's buses).
    public init(path: String, busIds: Set<Int>) throws(CheckInputError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableProposal(file: path, reason: "cannot be read (\(error.localizedDescription))")
        }
        let depth = Self.nestingDepth(of: data)
        guard depth <= Self.maximumNestingDepth else {
            throw .unreadableProposal(file: path, reason: "nested \(depth) levels deep; a proposal needs 3 (at most \(Self.maximumNestingDepth) accepted)")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw .unreadableProposal(file: path, reason: "not valid JSON (\(error.localizedDescription))")
        }
        let reader = FieldReader(file: path)
        let root = try reader.object(object, at: "")
        try reader.onlyKeys(root, ["loadScale", "sheddingPriceRsPerKW2", "correctionPriceRsPerKW2", "microgrids", "trades",
                                   "curtailmentPriceRsPerKWh", "vollRsPerKWh"], at: "")
        loadScale = try reader.nonNegative(root, "loadScale", at: "")
        sheddingPriceRsPerKW2 = try reader.nonNegative(root, "sheddingPriceRsPerKW2", at: "")
        correctionPriceRsPerKW2 = try reader.nonNegative(root, "correctionPriceRsPerKW2", at: "")
        curtailmentPriceRsPerKWh = root["curtailmentPriceRsPerKWh"] == nil ? nil
            : try reader.nonNegative(root, "curtailmentPriceRsPerKWh", at: "")
        vollRsPerKWh = root["vollRsPerKWh"] == nil ? nil : try reader.nonNegative(root, "vollRsPerKWh", at: "")

        var microgrids: [MicrogridConnection] = []
        for (n, entry) in try reader.array(root, "microgrids", at: "").enumerated() {
            let prefix = "microgrids[\(n)]."
            let microgrid = try reader.object(entry, at: "microgrids[\(n)]")
            try reader.onlyKeys(microgrid, ["bus", "powerFactor"], at: prefix)
            let bus = try reader.integer(microgrid, "bus", at: prefix)
            guard busIds.contains(bus) else {
                throw .proposalField(file: path, field: prefix + "bus", problem: "bus \(bus) is not a bus of the case")
            }
            let powerFactor = try reader.number(microgrid, "powerFactor", at: prefix)
            guard powerFactor > 0, powerFactor <= 1 else {
                throw .proposalField(file: path, field: prefix + "powerFactor", problem: "\(powerFactor) must be in (0, 1]")
            }
            microgrids.append(MicrogridConnection(bus: bus, powerFactor: powerFactor))
        }
        var trades: [BilateralTrade] = []
        for (k, entry) in try reader.array(root, "trades", at: "").enumerated() {
            let prefix = "trades[\(k)]."
            let trade = try reader.object(entry, at: "trades[\(k)]")
            try reader.onlyKeys(trade, ["seller", "buyer", "kW"], at: prefix)
            var ends: [Int] = []
            for key in ["seller", "buyer"] {
                let index = try reader.integer(trade, key, at: prefix)
                guard microgrids.indices.contains(index) else {
                    throw .proposalField(file: path, field: prefix + key,
                                         problem: "\(index) is not a microgrid index (0..<\(microgrids.count))")
                }
                ends.append(index)
            }
            guard ends[0] != ends[1] else {
                throw .proposalField(file: path, field: prefix + "buyer", problem: "\(ends[1]) is also the seller; a microgrid cannot trade with itself")
            }
            trades.append(BilateralTrade(seller: ends[0], buyer: ends[1], powerKW: try reader.nonNegative(trade, "kW", at: prefix)))
        }
        self.microgrids = microgrids
        self.trades = trades
    }

    /// Largest bracket nesting depth outside strings, found by one iterative scan.
    static func nestingDepth(of data: Data) -> Int {
        var depth = 0, deepest = 0, inString = false, escaped = false
        for byte in data {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }
}

/// Typed access to the values `JSONSerialization` returns, with the field path in every error.
private struct FieldReader {
    let file: String

    func object(_ value: Any, at field: String) throws(CheckInputError) -> [String: Any] {
        guard let object = value as? [String: Any] else {
            throw field.isEmpty ? .unreadableProposal(file: file, reason: "must hold one JSON object")
                : .proposalField(file: file, field: field, problem: "must be an object")
        }
        return object
    }

    func onlyKeys(_ object: [String: Any], _ allowed: [String], at prefix: String) throws(CheckInputError) {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .proposalField(file: file, field: prefix + unknown, problem: "unknown key; expected one of \(allowed.joined(separator: ", "))")
        }
    }

    func array(_ object: [String: Any], _ key: String, at prefix: String) throws(CheckInputError) -> [Any] {
        guard let array = try present(object, key, at: prefix) as? [Any] else {
            throw .proposalField(file: file, field: prefix + key, problem: "must be an array")
        }
        return array
    }

    /// A finite JSON number; booleans are not numbers here, although Foundation bridges them to NSNumber.
    func number(_ object: [String: Any], _ key: String, at prefix: String) throws(CheckInputError) -> Double {
        let value = try present(object, key, at: prefix)
        guard let number = value as? NSNumber, !Self.isBoolean(number) else {
            throw .proposalField(file: file, field: prefix + key, problem: "\(Self.render(value)) must be a number")
        }
        guard number.doubleValue.isFinite else {
            throw .proposalField(file: file, field: prefix + key, problem: "\(number.doubleValue) must be finite")
        }
        return number.doubleValue
    }

    func nonNegative(_ object: [String: Any], _ key: String, at prefix: String) throws(CheckInputError) -> Double {
        let value = try number(object, key, at: prefix)
        guard value >= 0 else {
            throw .proposalField(file: file, field: prefix + key, problem: "\(Self.render(value)) must be ≥ 0")
        }
        return value
    }

    func integer(_ object: [String: Any], _ key: String, at prefix: String) throws(CheckInputError) -> Int {
        let value = try number(object, key, at: prefix)
        guard value == value.rounded(), abs(value) < 1e15 else {
            throw .proposalField(file: file, field: prefix + key, problem: "\(Self.render(value)) must be an integer")
        }
        return Int(value)
    }

    private func present(_ object: [String: Any], _ key: String, at prefix: String) throws(CheckInputError) -> Any {
        guard let value = object[key] else { throw .proposalField(file: file, field: prefix + key, problem: "missing") }
        return value
    }

    /// Foundation hands JSON `true`/`false` out as its boolean NSNumber subclass.
    private static let booleanType = type(of: NSNumber(value: true))

    private static func isBoolean(_ number: NSNumber) -> Bool {
        type(of: number) == booleanType
    }

    /// A value as the user wrote it: whole numbers without a trailing ".0".
    private static func render(_ value: Any) -> String {
        if let number = value as? NSNumber, isBoolean(number) { return number.boolValue ? "true" : "false" }
        if let number = value as? Double, number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
        if let string = value as? String { return "\"\(string)\"" }
        if value is NSNull { return "null" }
        if value is [Any] { return "an array" }
        if value is [String: Any] { return "an object" }
        return "\(value)"
    }
}
