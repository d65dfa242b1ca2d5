import SeededRandom

/// One radial configuration and its AC power flow.
public struct EvaluatedConfiguration: Sendable, Equatable {
    /// In-service state of every branch.
    public let inService: [Bool]
    /// The out-of-service branches, ascending indices into `Network.branches`.
    public let openBranches: [Int]
    /// Active losses of the configuration at the search's load level.
    public let lossesKW: Double
    /// The lowest bus voltage and its bus (case-file id).
    public let minimumVoltagePU: Double
    public let minimumVoltageBusID: Int

    /// Lower losses first; equal losses by open branches, so every ranking is a total order.
    static func ranks(_ a: EvaluatedConfiguration, before b: EvaluatedConfiguration) -> Bool {
        a.lossesKW != b.lossesKW ? a.lossesKW < b.lossesKW : a.openBranches.lexicographicallyPrecedes(b.openBranches)
    }
}

/// How the configuration space is searched.
public enum ReconfigurationMethod: String, Sendable, CaseIterable {
    /// Every radial configuration (`RadialConfigurations.forEach`): proves the optimum.
    case exhaustive
    /// Best-improvement branch exchange from the case's configuration and seeded random
    /// spanning trees: a local optimum, proves nothing.
    case heuristic
}

/// What a search found.
public struct ReconfigurationResult: Sendable {
    public let method: ReconfigurationMethod
    /// The best configurations found, best first, distinct (at most the number asked for).
    public let best: [EvaluatedConfiguration]
    /// The case's own configuration, when it is radial and its power flow converges.
    public let base: EvaluatedConfiguration?
    /// Distinct configurations whose power flow ran.
    public let configurationsEvaluated: Int
    /// Of those, the ones whose power flow did not converge (not ranked; counted so none is dropped silently).
    public let powerFlowFailures: Int
    /// Of the failures, those whose lossless lower bound exceeds the best losses found
    /// (`LossMinimisingReconfiguration.lossLowerBoundKW`): whatever their power flow, they cannot be better.
    public let failuresRuledOut: Int
    /// True when the search saw every radial configuration and each one either has
    /// converged losses or is ruled out by its lower bound.
    public let provedOptimal: Bool
}

/// Loss-minimising radial reconfiguration (DESIGN.md §12): the configuration of
/// the switchable branches with the lowest AC power-flow losses at a load level.
/// Meshed or islanded configurations cannot arise: both methods move only
/// between spanning trees of `RadialConfigurations`.
public struct LossMinimisingReconfiguration: Sendable {
    public let configurations: RadialConfigurations
    /// Every bus load × this factor (the case's own demand at 1).
    public let loadScale: Double
    public var options = PowerFlowOptions()
    /// Above this many radial configurations `exhaustive` refuses and points to `heuristic`.
    public static let exhaustiveLimit = 5_000_000.0

    /// - Parameter fixed: branch indices that keep their case state.
    /// - Throws: the errors of `RadialConfigurations.init`; `GridError.invalidPowerFlowInput` for a
    ///   negative or non-finite load scale.
    public init(network: Network, fixed: Set<Int> = [], loadScale: Double = 1, source: String? = nil) throws(GridError) {
        guard loadScale.isFinite, loadScale >= 0 else {
            throw .invalidPowerFlowInput(message: "load scale \(loadScale) must be finite and ≥ 0")
        }
        configurations = try RadialConfigurations(network: network, fixed: fixed, source: source)
        self.loadScale = loadScale
    }

    /// The power flow of one radial configuration; nil when it does not converge.
    public func evaluate(_ inService: [Bool]) throws(GridError) -> EvaluatedConfiguration? {
        var solver = try RadialPowerFlow(network: configurations.network.withSwitches(inService), options: options)
        guard let solution = try? solver.solve(loadScale: loadScale) else { return nil }
        let low = solution.minimumVoltage
        return EvaluatedConfiguration(inService: inService, openBranches: inService.indices.filter { !inService[$0] },
                                      lossesKW: solution.lossesKW, minimumVoltagePU: low.voltagePU,
                                      minimumVoltageBusID: solution.busIDs[low.index])
    }

    /// The case's own switch states, evaluated when they form a radial, connected configuration.
    private func baseConfiguration() throws(GridError) -> EvaluatedConfiguration? {
        let network = configurations.network
        guard (try? RadialTopology(network: network)) != nil else { return nil }
        return try evaluate(network.branches.map(\.inService))
    }

    /// Every radial configuration, ranked; the `keep` best returned.
    /// - Parameter progress: called every 10,000 configurations with the count so far and the total.
    /// - Throws: `GridError.invalidReconfiguration` when there are more than `exhaustiveLimit` configurations.
    public func exhaustive(keep: Int = 1, progress: ((Int, Double) -> Void)? = nil) throws(GridError) -> ReconfigurationResult {
        let total = configurations.count
        guard total <= Self.exhaustiveLimit else {
            throw .invalidReconfiguration(message: "\(configurations.network.name) has \(Int(total)) radial configurations, more than the exhaustive search's limit of \(Int(Self.exhaustiveLimit)); use the heuristic")
        }
        var ranking = Ranking(keep: keep)
        var evaluated = 0
        var failedBounds: [Double?] = []
        var failure: GridError?
        configurations.forEach { state in
            guard failure == nil else { return }
            do throws(GridError) {
                evaluated += 1
                if let result = try evaluate(state) { ranking.insert(result) } else { failedBounds.append(try lossLowerBoundKW(state)) }
                if evaluated % 10_000 == 0 { progress?(evaluated, total) }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        let bestLosses = ranking.best.first?.lossesKW ?? .infinity
        let ruledOut = failedBounds.filter { $0.map { $0 > bestLosses } ?? false }.count
        return ReconfigurationResult(method: .exhaustive, best: ranking.best, base: try baseConfiguration(),
                                     configurationsEvaluated: evaluated, powerFlowFailures: failedBounds.count,
                                     failuresRuledOut: ruledOut, provedOptimal: !ranking.best.isEmpty && ruledOut == failedBounds.count)
    }

    /// Best-improvement branch exchange — close one open switchable branch, open a
    /// switchable branch on the loop it closes, keep the exchange that lowers the
    /// losses most, repeat until none does — from the case's configuration (when
    /// radial) and `starts − 1` random spanning trees drawn with `seed`; the `keep`
    /// best configurations seen on the way returned. Proves nothing.
    public func heuristic(keep: Int = 1, starts: Int = 8, seed: UInt64 = 1) throws(GridError) -> ReconfigurationResult {
        var seen: [[Bool]: EvaluatedConfiguration?] = [:]
        func evaluated(_ state: [Bool]) throws(GridError) -> EvaluatedConfiguration? {
            if let known = seen[state] { return known }
            let result = try evaluate(state)
            seen[state] = result
            return result
        }
        let switchable = Set(configurations.switchable)
        let base = try baseConfiguration()
        var origins: [[Bool]] = base.map { [$0.inService] } ?? []
        var generator = SeededGenerator(seed: seed)
        while origins.count < max(1, starts) { origins.append(configurations.randomConfiguration(using: &generator)) }
        for origin in origins {
            guard var current = try evaluated(origin) else { continue }
            while true {
                let network = configurations.network.withSwitches(current.inService)
                var move: EvaluatedConfiguration?
                for tie in current.openBranches where switchable.contains(tie) {
                    for branch in try network.loopBranches(closing: tie) where switchable.contains(branch) {
                        var state = current.inService
                        state[tie] = true
                        state[branch] = false
                        if let candidate = try evaluated(state), move.map({ EvaluatedConfiguration.ranks(candidate, before: $0) }) ?? true {
                            move = candidate
                        }
                    }
                }
                guard let next = move, next.lossesKW < current.lossesKW else { break }
                current = next
            }
        }
        var ranking = Ranking(keep: keep)
        for case let result? in seen.values { ranking.insert(result) }
        return ReconfigurationResult(method: .heuristic, best: ranking.best, base: base, configurationsEvaluated: seen.count,
                                     powerFlowFailures: seen.values.filter { $0 == nil }.count, failuresRuledOut: 0, provedOptimal: false)
    }

    /// A lower bound on the losses of a radial configuration that holds whether or not
    /// its power flow converges: with loads only (P, Q ≥ 0 at every bus, no shunts, no
    /// line charging, no transformer, no generation but the slack), every branch carries
    /// at least the load downstream of it and no bus voltage exceeds the slack's V₀, so
    /// branch k loses at least `r_k (P_down² + Q_down²) / V₀²`. Nil when the feeder is not
    /// of that kind (then nothing is bounded).
    public func lossLowerBoundKW(_ inService: [Bool]) throws(GridError) -> Double? {
        let network = configurations.network.withSwitches(inService)
        let loadsOnly = network.buses.allSatisfy { $0.pdMW >= 0 && $0.qdMVAr >= 0 && $0.gsMW == 0 && $0.bsMVAr == 0 }
            && network.branches.allSatisfy { !$0.inService || ($0.bPU == 0 && ($0.tapRatio == 0 || $0.tapRatio == 1) && $0.shiftDeg == 0) }
        let topology = try RadialTopology(network: network)
        let sourceOnly = network.generators.allSatisfy { g in
            !g.inService || topology.busIndex[g.bus].map { network.buses[$0].type == .slack } == true || (g.pgMW == 0 && g.qgMVAr == 0)
        }
        guard loadsOnly, sourceOnly else { return nil }
        var slackVoltage = 0.0
        for root in topology.roots {
            let id = network.buses[root].id
            slackVoltage = max(slackVoltage, network.generators.first { $0.inService && $0.bus == id }?.vgPU ?? network.buses[root].vmPU)
        }
        var p = network.buses.map { $0.pdMW * loadScale / network.baseMVA }, q = network.buses.map { $0.qdMVAr * loadScale / network.baseMVA }
        var bound = 0.0
        for bus in topology.order.reversed() {
            guard let parent = topology.parentBus[bus], let k = topology.parentBranch[bus] else { continue }
            bound += network.branches[k].rPU * (p[bus] * p[bus] + q[bus] * q[bus]) / (slackVoltage * slackVoltage)
            p[parent] += p[bus]
            q[parent] += q[bus]
        }
        return bound * network.baseMVA * 1000
    }
}

/// The `keep` best configurations inserted so far, best first.
private struct Ranking {
    let keep: Int
    private(set) var best: [EvaluatedConfiguration] = []

    init(keep: Int) { self.keep = max(1, keep) }

    mutating func insert(_ candidate: EvaluatedConfiguration) {
        if best.count == keep, let last = best.last, !EvaluatedConfiguration.ranks(candidate, before: last) { return }
        let position = best.firstIndex { EvaluatedConfiguration.ranks(candidate, before: $0) } ?? best.count
        best.insert(candidate, at: position)
        if best.count > keep { best.removeLast() }
    }
}
