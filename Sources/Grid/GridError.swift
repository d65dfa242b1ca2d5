/// Everything that can go wrong in the `Grid` module, each case carrying what
/// a user needs to find and fix the input: the file (or other source name),
/// the line or field, the offending value.
public enum GridError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file could not be read or written.
    case fileAccess(file: String, reason: String)
    /// The MATPOWER file is not valid in the supported MATLAB subset (bad token, unbalanced bracket, …).
    case matpowerSyntax(file: String, line: Int, message: String)
    /// A well-formed MATLAB statement that the importer does not evaluate; never skipped silently.
    case unsupportedStatement(file: String, line: Int, statement: String)
    /// A required matrix or field (`mpc.bus`, `mpc.baseMVA`, …) is absent.
    case missingField(file: String, field: String)
    /// A matrix row has the wrong number of columns, or a value of the wrong kind (non-integer bus id, unknown bus type…).
    case invalidValue(source: String, location: String, field: String, value: String, expected: String)
    /// A NaN or ±inf where a finite number is needed.
    case nonFiniteValue(source: String, location: String, field: String)
    /// Two buses share the same id.
    case duplicateBus(source: String, busID: Int, location: String)
    /// A branch or generator refers to a bus that does not exist.
    case unknownBus(source: String, location: String, busID: Int)
    /// A branch with r < 0, x < 0 or r = x = 0 (the sweep needs a finite, positive series impedance).
    case invalidImpedance(source: String, location: String, rPU: Double, xPU: Double)
    /// The in-service branches contain a loop; `buses` and `branches` (indices into `Network.branches`) trace it.
    case meshed(source: String, buses: [Int], branches: [Int])
    /// These buses are not connected to any slack bus through in-service branches.
    case islanded(source: String, buses: [Int])
    /// The network has no slack (type 3) bus to feed the radial sweep from.
    case noSlackBus(source: String)
    /// Two slack buses are connected through in-service branches (a radial feeder has one source per tree).
    case connectedSlackBuses(source: String, buses: [Int], branches: [Int])
    /// The backward/forward sweep did not reach the tolerance within the iteration cap.
    case powerFlowDidNotConverge(iterations: Int, lastVoltageChangePU: Double, tolerancePU: Double)
    /// A power-flow argument does not match the network (wrong array length, non-finite demand…).
    case invalidPowerFlowInput(message: String)
    /// A reconfiguration that is not a tie-switch / sectionalizing-switch exchange on the tie's loop.
    case invalidReconfiguration(message: String)
    /// The system spec (YAML) is malformed, lacks a field or has an out-of-range value.
    case invalidSpec(file: String, field: String, message: String)

    /// The message shown to users: file, line or field, value and what was expected.
    public var description: String {
        switch self {
        case let .fileAccess(file, reason):
            return "\(file): \(reason)"
        case let .matpowerSyntax(file, line, message):
            return "\(file):\(line): syntax error: \(message)"
        case let .unsupportedStatement(file, line, statement):
            return "\(file):\(line): unsupported MATLAB statement `\(statement)` (the importer evaluates MATPOWER version-2 data matrices, scalar assignments, idx_* destructuring and column-indexed arithmetic only)"
        case let .missingField(file, field):
            return "\(file): missing \(field)"
        case let .invalidValue(source, location, field, value, expected):
            return "\(source): \(location): \(field) = \(value), expected \(expected)"
        case let .nonFiniteValue(source, location, field):
            return "\(source): \(location): \(field) is NaN or infinite"
        case let .duplicateBus(source, busID, location):
            return "\(source): \(location): duplicate bus id \(busID)"
        case let .unknownBus(source, location, busID):
            return "\(source): \(location): refers to unknown bus \(busID)"
        case let .invalidImpedance(source, location, r, x):
            return "\(source): \(location): series impedance r = \(r), x = \(x) p.u. must have r ≥ 0, x ≥ 0 and not both zero"
        case let .meshed(source, buses, branches):
            return "\(source): network is meshed: loop through buses \(buses.map(String.init).joined(separator: "-")) (branches \(branches.map { "#\($0 + 1)" }.joined(separator: ", ")) in file order); open a switch on the loop"
        case let .islanded(source, buses):
            return "\(source): bus(es) \(buses.map(String.init).joined(separator: ", ")) not connected to a slack bus by in-service branches"
        case let .noSlackBus(source):
            return "\(source): no slack (type 3) bus"
        case let .connectedSlackBuses(source, buses, branches):
            return "\(source): slack buses connected through buses \(buses.map(String.init).joined(separator: "-")) (branches \(branches.map { "#\($0 + 1)" }.joined(separator: ", "))); a radial feeder has one source per connected part"
        case let .powerFlowDidNotConverge(iterations, change, tolerance):
            return "power flow did not converge: \(iterations) iterations, last voltage change \(change) p.u. > tolerance \(tolerance) p.u."
        case let .invalidPowerFlowInput(message):
            return "invalid power-flow input: \(message)"
        case let .invalidReconfiguration(message):
            return "invalid reconfiguration: \(message)"
        case let .invalidSpec(file, field, message):
            return "\(file): \(field): \(message)"
        }
    }
}
