/// Errors of the Market module, each naming what to fix.
public enum MarketError: Error, Equatable, CustomStringConvertible {
    case tooFewMicrogrids(count: Int)
    case invalidValue(microgrid: String, field: String, value: Double, expected: String)
    case tradeCapsShape(expected: Int)
    case proposalShape(microgrids: Int)
    /// A market clearing or DSO response the case studies cannot go on without failed.
    case caseStudyStepFailed(step: String, status: String)
    /// The AC power flow at an executed state did not converge or got bad input.
    case powerFlowFailed(step: String, reason: String)

    public var description: String {
        switch self {
        case .tooFewMicrogrids(let count):
            return "a P2P market needs at least 2 microgrids, got \(count)"
        case let .invalidValue(microgrid, field, value, expected):
            return "microgrid \(microgrid): \(field) = \(value), expected \(expected)"
        case .tradeCapsShape(let expected):
            return "trade caps must be a \(expected)×\(expected) matrix (seller × buyer)"
        case let .caseStudyStepFailed(step, status):
            return "\(step) failed with solver status \(status)"
        case let .powerFlowFailed(step, reason):
            return "AC power flow at \(step): \(reason)"
        case .proposalShape(let n):
            return "a trade proposal for \(n) microgrids needs an \(n)×\(n) trade matrix and \(n) power factors"
        }
    }
}
