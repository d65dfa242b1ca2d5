import Grid

/// Why an OPF could not be set up. Every case names the network (its case
/// name or file) and the offending field, so the input can be fixed; solver
/// outcomes such as infeasibility are not errors but `OptimizationStatus` values.
public enum OPFError: Error, Equatable, CustomStringConvertible {
    /// A number is NaN/infinite, or outside its allowed range (e.g. a negative limit).
    case invalidValue(network: String, field: String, value: Double, requirement: String)
    /// A lower limit exceeds its upper limit (Pmin > Pmax, Qmin > Qmax, Vmin > Vmax).
    case reversedLimits(network: String, field: String, lower: Double, upper: Double)
    /// A generator, branch or microgrid refers to a bus the network does not have.
    case unknownBus(network: String, field: String, bus: Int)
    /// An in-service generator has no `gencost` row.
    case missingGeneratorCost(network: String, generator: Int, bus: Int)
    /// A generator cost model the OPF does not support (only polynomial, model 2).
    case unsupportedCostModel(network: String, generator: Int, bus: Int, model: String)
    /// A branch angle-difference limit MATPOWER would enforce (`angmin > −360` or `angmax < 360`,
    /// nonzero): the branch-flow model has no angles, so it refuses rather than drop the limit.
    case unsupportedAngleLimit(network: String, field: String, valueDeg: Double)
    /// The network itself is unusable for a radial OPF: meshed, islanded, without a slack bus,
    /// duplicate buses… (the `Grid` module's diagnosis, with file and location).
    case network(GridError)
    /// A bilateral trade refers to an unknown microgrid or trades with itself.
    case invalidTrade(index: Int, reason: String)
    /// The trade check needs the import price (the slack generator's linear gencost
    /// coefficient) to default VOLL or π_curt, and the network has no positive one.
    case missingImportPrice(network: String)

    /// A message for the user, naming the network and field.
    public var description: String {
        switch self {
        case let .invalidValue(network, field, value, requirement):
            return "\(network): \(field) = \(value) is invalid; it must be \(requirement)"
        case let .reversedLimits(network, field, lower, upper):
            return "\(network): \(field) has lower limit \(lower) above upper limit \(upper)"
        case let .unknownBus(network, field, bus):
            return "\(network): \(field) refers to bus \(bus), which is not an in-service bus of the network"
        case let .missingGeneratorCost(network, generator, bus):
            return "\(network): generator \(generator) at bus \(bus) has no gencost row; the OPF needs a cost for every in-service generator"
        case let .unsupportedCostModel(network, generator, bus, model):
            return "\(network): generator \(generator) at bus \(bus) uses cost model \(model); only polynomial costs (gencost model 2) are supported"
        case let .unsupportedAngleLimit(network, field, value):
            return "\(network): \(field) = \(value)° would limit the voltage-angle difference, which the branch-flow OPF does not model; use −360/360 (or 0) for no limit"
        case let .network(error):
            return "the branch-flow OPF needs a radial network: \(error.description)"
        case let .invalidTrade(index, reason):
            return "trade \(index): \(reason)"
        case let .missingImportPrice(network):
            return "\(network): the slack generator's gencost has no positive linear coefficient (the import price), "
                + "so VOLL and π_curt cannot default to 50 × and 10 × it; give vollRsPerKWh and curtailmentPriceRsPerKWh explicitly"
        }
    }
}
