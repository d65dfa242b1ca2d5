import OPF

/// The outcome of one P2P market clearing (DESIGN.md §3).
public struct MarketClearing: Sendable, Equatable {
    /// Solver status; only `.optimal`/`.acceptable` clearings carry meaningful values.
    public var status: OptimizationStatus
    /// `trades[n][m]`: energy MG n sells to MG m in the period (kW over the period), zero diagonal.
    public var tradesKW: [[Double]]
    /// Per-MG dispatch.
    public var dispatch: [MicrogridDispatch]
    /// P2P price at each MG (Rs/kWh): the dual of its balance, equal to its marginal utility.
    public var pricesRsPerKWh: [Double]
    /// Social welfare Σ U − Σ C − wear − fees + value of the change in stored energy (Rs).
    public var socialWelfareRs: Double
    /// Ipopt iterations (ADMM: rounds).
    public var iterations: Int
    /// What the clearing cost in messages (zero when central).
    public var communication = ClearingCommunication()
    /// How an ADMM clearing converged, round by round; nil when central.
    public var residuals: ADMMResiduals?

    /// Net position `P_net[n] = Σ_m t[n][m] − Σ_m t[m][n]` (kW, positive = seller).
    public var netPositionsKW: [Double] { TradeProposal.netPositionsKW(of: tradesKW) }
}

/// Clears the P2P market among microgrids by maximising social welfare
/// (DESIGN.md §3): centrally (a dual Newton method, Ipopt as its fall-back), or —
/// when `parameters.clearing` is `.admm` — by consensus ADMM among the MGs
/// (`ADMMMarket`, DESIGN.md §13), whose messages the result counts. Reuse one
/// instance for a sequence of clearings on one thread: it keeps its solver.
public final class P2PMarket {
    public let parameters: MarketParameters
    /// Largest MG balance violation (kW) the dual Newton method stops at. The
    /// regularised variables' responses are 1/ε steep in the prices, so the
    /// balance cannot be resolved much below ε⁻¹ × double precision ≈ 1e-8 kW.
    static let balanceToleranceKW = 1e-7
    /// Ipopt, for the rare clearing the dual Newton method does not finish.
    private let solver: IpoptSolver
    /// The distributed clearing, used when `parameters.clearing` is `.admm`.
    private let admm: ADMMMarket

    public init(parameters: MarketParameters = MarketParameters(), options: IpoptOptions = IpoptOptions(),
                admmOptions: ADMMOptions = ADMMOptions()) {
        self.parameters = parameters
        self.solver = IpoptSolver(options: options)
        admm = ADMMMarket(parameters: parameters, options: admmOptions)
    }

    /// Clears one period.
    /// - Parameters:
    ///   - hours: each MG's devices and the hour's PV availability.
    ///   - tradeCapsKW: optional per-pair upper bounds `[seller][buyer]` (kW) for re-clearing
    ///     after the DSO curtailed trades.
    public func clear(_ hours: [MicrogridHour], tradeCapsKW: [[Double]]? = nil) throws -> MarketClearing {
        try Self.validate(hours, tradeCapsKW: tradeCapsKW)
        if parameters.clearingMethod == .admm {
            var (clearing, trace) = try admm.clear(hours, tradeCapsKW: tradeCapsKW)
            clearing.communication = ClearingCommunication(trace)
            return clearing
        }
        return clearing(of: MarketClearingProgram(hours: hours, parameters: parameters, tradeCapsKW: tradeCapsKW), count: hours.count)
    }

    /// Re-dispatches every MG around fixed trades: the period's welfare-maximising
    /// PV, diesel, battery and demand when the trades are exactly `fixedTradesKW`
    /// `[seller][buyer]` (kW) — what the MGs do when the DSO executes trades it scaled.
    /// The status is not optimal when some MG cannot balance those trades locally. With trades
    /// fixed every MG's problem is its own, so this needs no messages under either clearing method.
    public func clear(_ hours: [MicrogridHour], fixedTradesKW: [[Double]]) throws -> MarketClearing {
        try Self.validate(hours, tradeCapsKW: fixedTradesKW)
        let fixed = fixedTradesKW.map { $0.map { max(0, $0) } }
        return clearing(of: MarketClearingProgram(hours: hours, parameters: parameters, tradeCapsKW: fixed, tradeFloorsKW: fixed),
                        count: hours.count)
    }

    private func clearing(of program: MarketClearingProgram, count n: Int) -> MarketClearing {
        let solution = solve(program)
        let x = solution.x
        var trades = Array(repeating: Array(repeating: 0.0, count: n), count: n)
        let offset = n * MarketClearingProgram.variablesPerMicrogrid
        for (k, pair) in program.tradePairs.enumerated() {
            trades[pair.seller][pair.buyer] = max(0, x[offset + k])
        }
        let dispatch = (0..<n).map { i -> MicrogridDispatch in
            let b = i * MarketClearingProgram.variablesPerMicrogrid
            return MicrogridDispatch(pvKW: x[b], dieselKW: x[b + 1], chargeKW: x[b + 2],
                                     dischargeKW: x[b + 3], demandKW: x[b + 4])
        }
        // Ipopt's Lagrangian is f + λᵀg; for the demand variable ∂f/∂d = −U′·h and ∂g/∂d = −1,
        // so the price U′ (Rs/kWh) is −λ / h.
        let prices = solution.multipliers.map { -$0 / parameters.periodHours }
        return MarketClearing(status: solution.status, tradesKW: trades, dispatch: dispatch,
                              pricesRsPerKWh: prices, socialWelfareRs: -solution.objective,
                              iterations: solution.iterations)
    }

    /// What `clear` needs from a solve of the clearing program.
    private struct ProgramSolution {
        var status: OptimizationStatus
        var x: [Double]
        /// Multipliers of the balances in the Lagrangian `f + λᵀ g`.
        var multipliers: [Double]
        var objective: Double
        var iterations: Int
    }

    /// The dual Newton method on the separable form first; Ipopt on the same
    /// program as the fall-back should it ever fail to converge.
    private func solve(_ program: MarketClearingProgram) -> ProgramSolution {
        let guess = program.hours.map { -0.5 * $0.microgrid.demand.omegaRsPerKWh * parameters.periodHours }
        if let dual = program.separableForm.solve(start: guess, tolerance: Self.balanceToleranceKW) {
            return ProgramSolution(status: .optimal, x: dual.x, multipliers: dual.multipliers,
                                   objective: program.objective(at: dual.x), iterations: dual.iterations)
        }
        let start = zip(program.variableLowerBounds, program.variableUpperBounds).map { lower, upper in
            upper.isFinite ? 0.5 * (lower + upper) : lower
        }
        let solution = solver.solve(program, from: IpoptStartPoint(x: start))
        return ProgramSolution(status: solution.status, x: solution.x, multipliers: solution.constraintMultipliers,
                               objective: solution.objective, iterations: solution.iterations)
    }

    /// Checks every MG's numbers and the caps' shape (shared with `ADMMMarket`).
    static func validate(_ hours: [MicrogridHour], tradeCapsKW: [[Double]]?) throws {
        guard hours.count >= 2 else { throw MarketError.tooFewMicrogrids(count: hours.count) }
        for hour in hours {
            let mg = hour.microgrid
            let checks: [(String, Double)] = [
                ("availablePVKW", hour.availablePVKW), ("diesel.maximumKW", mg.diesel.maximumKW),
                ("diesel.quadraticCostRsPerKW2", mg.diesel.quadraticCostRsPerKW2),
                ("diesel.linearCostRsPerKWh", mg.diesel.linearCostRsPerKWh),
                ("demand.omegaRsPerKWh", mg.demand.omegaRsPerKWh), ("demand.alphaRsPerKW2", mg.demand.alphaRsPerKW2),
                ("demand.minimumKW", mg.demand.minimumKW), ("demand.maximumKW", mg.demand.maximumKW),
                ("battery.ratedPowerKW", mg.battery.ratedPowerKW), ("battery.socKWh", mg.battery.socKWh),
            ]
            for (field, value) in checks where !value.isFinite || value < 0 {
                throw MarketError.invalidValue(microgrid: mg.name, field: field, value: value,
                                               expected: "a finite number ≥ 0")
            }
            if mg.demand.alphaRsPerKW2 <= 0 {
                throw MarketError.invalidValue(microgrid: mg.name, field: "demand.alphaRsPerKW2",
                                               value: mg.demand.alphaRsPerKW2, expected: "a number > 0")
            }
            if mg.demand.minimumKW > mg.demand.maximumKW {
                throw MarketError.invalidValue(microgrid: mg.name, field: "demand.minimumKW", value: mg.demand.minimumKW,
                                               expected: "at most demand.maximumKW (\(mg.demand.maximumKW))")
            }
        }
        if let caps = tradeCapsKW {
            guard caps.count == hours.count, caps.allSatisfy({ $0.count == hours.count }) else {
                throw MarketError.tradeCapsShape(expected: hours.count)
            }
        }
    }
}
