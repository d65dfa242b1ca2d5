import OPF

/// The centralised P2P market clearing of DESIGN.md §3 as a convex QP for Ipopt:
///
///     min  Σ_n [ C_n(g_n) − U_n(d_n) + w (ch_n + dis_n) − v (η_ch ch_n − dis_n / η_dis) ] h
///          + Σ_{n≠m} (f t_nm + f₂ t_nm²) h
///     s.t. pv_n + g_n + dis_n − ch_n − d_n − Σ_m t_nm + Σ_m t_mn = 0     (dual: −price_n)
///          0 ≤ pv_n ≤ PV_n, 0 ≤ g_n ≤ G_n, 0 ≤ ch_n ≤ ch_max, 0 ≤ dis_n ≤ dis_max,
///          d_min ≤ d_n ≤ min(d_max, ω/α), 0 ≤ t_nm ≤ cap_nm
///
/// Demand is capped at the satiation point ω/α, where the Samadi utility turns
/// flat, so the objective is one smooth quadratic on the feasible box. The term
/// with `v` values the change of stored energy, so batteries are used only
/// when the hour's price makes it worthwhile.
/// Variables: five per MG `[pv, g, ch, dis, d]`, then the trades `t_nm` for
/// every ordered pair n ≠ m in row-major order.
struct MarketClearingProgram: NonlinearProgram {
    static let variablesPerMicrogrid = 5
    let hours: [MicrogridHour]
    let parameters: MarketParameters
    let tradePairs: [(seller: Int, buyer: Int)]

    let variableLowerBounds: [Double]
    let variableUpperBounds: [Double]
    let constraintLowerBounds: [Double]
    let constraintUpperBounds: [Double]
    let jacobianPattern: SparsityPattern
    let hessianPattern: SparsityPattern

    /// - Parameters:
    ///   - tradeCapsKW: optional upper bound per ordered pair `[seller][buyer]` (kW),
    ///     used when MGs re-clear with curtailed trades capped (case studies 2 and 3).
    ///   - tradeFloorsKW: optional lower bound per ordered pair (kW); equal to the caps,
    ///     it fixes the trades, so the MGs only re-dispatch around trades the DSO executes.
    init(hours: [MicrogridHour], parameters: MarketParameters, tradeCapsKW: [[Double]]? = nil,
         tradeFloorsKW: [[Double]]? = nil) {
        self.hours = hours
        self.parameters = parameters
        let n = hours.count
        var pairs: [(seller: Int, buyer: Int)] = []
        for s in 0..<n { for b in 0..<n where b != s { pairs.append((s, b)) } }
        tradePairs = pairs

        var lower: [Double] = [], upper: [Double] = []
        for hour in hours {
            let terms = Self.deviceTerms(hour, parameters: parameters)
            lower += terms.lower
            upper += terms.upper
        }
        for pair in pairs {
            lower.append(tradeFloorsKW?[pair.seller][pair.buyer] ?? 0)
            upper.append(tradeCapsKW?[pair.seller][pair.buyer] ?? .infinity)
        }
        variableLowerBounds = lower
        variableUpperBounds = upper
        constraintLowerBounds = Array(repeating: 0, count: n)
        constraintUpperBounds = Array(repeating: 0, count: n)

        var rows: [Int32] = [], columns: [Int32] = []
        for mg in 0..<n {
            for local in 0..<Self.variablesPerMicrogrid {
                rows.append(Int32(mg)); columns.append(Int32(mg * Self.variablesPerMicrogrid + local))
            }
        }
        for (k, pair) in pairs.enumerated() {
            let column = Int32(n * Self.variablesPerMicrogrid + k)
            rows.append(Int32(pair.seller)); columns.append(column)
            rows.append(Int32(pair.buyer)); columns.append(column)
        }
        jacobianPattern = SparsityPattern(rows: rows, columns: columns)

        var diagonal: [Int32] = []
        for mg in 0..<n {
            diagonal.append(Int32(mg * Self.variablesPerMicrogrid + 1))
            diagonal.append(Int32(mg * Self.variablesPerMicrogrid + 4))
        }
        for k in pairs.indices { diagonal.append(Int32(n * Self.variablesPerMicrogrid + k)) }
        hessianPattern = SparsityPattern(rows: diagonal, columns: diagonal)
    }

    var variableCount: Int { hours.count * Self.variablesPerMicrogrid + tradePairs.count }
    var constraintCount: Int { hours.count }
    private var tradeOffset: Int { hours.count * Self.variablesPerMicrogrid }

    func objective(at x: [Double]) -> Double {
        var total = 0.0
        for (n, hour) in hours.enumerated() {
            let base = n * Self.variablesPerMicrogrid
            let mg = hour.microgrid
            total += mg.diesel.costRs(outputKW: x[base + 1]) - mg.demand.utilityRs(demandKW: x[base + 4])
                + parameters.batteryWearRsPerKWh * (x[base + 2] + x[base + 3])
                - parameters.storedEnergyValueRsPerKWh
                    * (mg.battery.chargeEfficiency * x[base + 2] - x[base + 3] / mg.battery.dischargeEfficiency)
        }
        for k in tradePairs.indices {
            let t = x[tradeOffset + k]
            total += parameters.tradeFeeRsPerKWh * t + parameters.tradeFeeQuadraticRsPerKW2 * t * t
        }
        return total * parameters.periodHours
    }

    func objectiveGradient(at x: [Double], into gradient: inout [Double]) {
        let h = parameters.periodHours
        for (n, hour) in hours.enumerated() {
            let base = n * Self.variablesPerMicrogrid
            let mg = hour.microgrid
            gradient[base] = 0
            gradient[base + 1] = mg.diesel.marginalCostRsPerKWh(outputKW: x[base + 1]) * h
            let wear = parameters.batteryWearRsPerKWh, value = parameters.storedEnergyValueRsPerKWh
            gradient[base + 2] = (wear - value * mg.battery.chargeEfficiency) * h
            gradient[base + 3] = (wear + value / mg.battery.dischargeEfficiency) * h
            gradient[base + 4] = -mg.demand.marginalUtilityRsPerKWh(demandKW: x[base + 4]) * h
        }
        for k in tradePairs.indices {
            let t = x[tradeOffset + k]
            gradient[tradeOffset + k] = (parameters.tradeFeeRsPerKWh + 2 * parameters.tradeFeeQuadraticRsPerKW2 * t) * h
        }
    }

    func constraints(at x: [Double], into values: inout [Double]) {
        for n in hours.indices {
            let base = n * Self.variablesPerMicrogrid
            values[n] = x[base] + x[base + 1] + x[base + 3] - x[base + 2] - x[base + 4]
        }
        for (k, pair) in tradePairs.enumerated() {
            let t = x[tradeOffset + k]
            values[pair.seller] -= t
            values[pair.buyer] += t
        }
    }

    func jacobianValues(at x: [Double], into values: inout [Double]) {
        var i = 0
        for _ in hours.indices {
            for coefficient in [1.0, 1.0, -1.0, 1.0, -1.0] { values[i] = coefficient; i += 1 }
        }
        for _ in tradePairs.indices {
            values[i] = -1; values[i + 1] = 1; i += 2
        }
    }

    func hessianValues(at x: [Double], objectiveFactor: Double, multipliers: [Double], into values: inout [Double]) {
        let h = parameters.periodHours * objectiveFactor
        var i = 0
        for hour in hours {
            let mg = hour.microgrid
            values[i] = 2 * mg.diesel.quadraticCostRsPerKW2 * h
            values[i + 1] = mg.demand.alphaRsPerKW2 * h
            i += 2
        }
        for _ in tradePairs.indices {
            values[i] = 2 * parameters.tradeFeeQuadraticRsPerKW2 * h
            i += 1
        }
    }
}

extension MarketClearingProgram {
    /// Quadratic weight (Rs/kW²h) added to the variables whose cost is linear
    /// (PV use, charging, discharging, and a diesel unit with a = 0) so the QP
    /// is strictly convex and its dual smooth; at 1000 kW it moves the
    /// objective by 0.01 Rs.
    static let regularizationRsPerKW2 = 1e-8

    /// One MG's five variables `[pv, g, ch, dis, d]` in separable form: their quadratic and linear
    /// weights per period (the regularisation included), balance coefficients and bounds — the central
    /// program's block for that MG and the device part of its ADMM agent's local problem.
    static func deviceTerms(_ hour: MicrogridHour, parameters: MarketParameters)
        -> (quadratic: [Double], linear: [Double], coefficients: [Double], lower: [Double], upper: [Double]) {
        let h = parameters.periodHours, eps = regularizationRsPerKW2
        let mg = hour.microgrid
        let wear = parameters.batteryWearRsPerKWh, value = parameters.storedEnergyValueRsPerKWh
        let demandCap = max(mg.demand.minimumKW, min(mg.demand.maximumKW, mg.demand.satiationKW))
        return (quadratic: [eps, max(2 * mg.diesel.quadraticCostRsPerKW2, eps), eps, eps, mg.demand.alphaRsPerKW2].map { $0 * h },
                linear: [0, mg.diesel.linearCostRsPerKWh, wear - value * mg.battery.chargeEfficiency,
                         wear + value / mg.battery.dischargeEfficiency, -mg.demand.omegaRsPerKWh].map { $0 * h },
                coefficients: [1, 1, -1, 1, -1],
                lower: [0, 0, 0, 0, mg.demand.minimumKW],
                upper: [hour.availablePVKW, mg.diesel.maximumKW, mg.battery.maximumChargeKW(hours: h),
                        mg.battery.maximumDischargeKW(hours: h), demandCap])
    }

    /// The same QP in the separable form the dual Newton solver takes.
    var separableForm: SeparableQP {
        let h = parameters.periodHours
        var quadratic: [Double] = [], linear: [Double] = [], columns: [SeparableQP.Column] = []
        for (n, hour) in hours.enumerated() {
            let terms = Self.deviceTerms(hour, parameters: parameters)
            quadratic += terms.quadratic
            linear += terms.linear
            for coefficient in terms.coefficients { columns.append(.init(rows: [n], coefficients: [coefficient])) }
        }
        for pair in tradePairs {
            quadratic.append(2 * parameters.tradeFeeQuadraticRsPerKW2 * h)
            linear.append(parameters.tradeFeeRsPerKWh * h)
            columns.append(.init(rows: [pair.seller, pair.buyer], coefficients: [-1, 1]))
        }
        return SeparableQP(quadratic: quadratic, linear: linear, lower: variableLowerBounds,
                           upper: variableUpperBounds, columns: columns, rowCount: hours.count)
    }
}
