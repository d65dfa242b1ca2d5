/// Tolerance and iteration cap of the backward/forward sweep.
public struct PowerFlowOptions: Sendable, Equatable {
    /// Converged when no bus voltage phasor changes by more than this between sweeps (p.u.).
    public var tolerancePU: Double
    /// Sweeps attempted before reporting `GridError.powerFlowDidNotConverge`.
    public var maxIterations: Int

    /// Defaults: 1e-10 p.u. and 100 sweeps (the reference feeders need 6–20 at nominal load).
    public init(tolerancePU: Double = 1e-10, maxIterations: Int = 100) {
        self.tolerancePU = tolerancePU
        self.maxIterations = maxIterations
    }
}

/// A converged AC power flow. Per-bus arrays are indexed like `Network.buses`
/// (see `RadialTopology.busIndex`), per-branch arrays like `Network.branches`;
/// open branches carry zero flow.
public struct PowerFlowSolution: Sendable, Equatable {
    /// Case-file id of each bus index.
    public let busIDs: [Int]
    /// Voltage magnitude per bus (p.u.).
    public let voltageMagnitudePU: [Double]
    /// Voltage angle per bus (degrees).
    public let voltageAngleDeg: [Double]
    /// Active power entering each branch at its from end (MW).
    public let branchFromPMW: [Double]
    /// Reactive power entering each branch at its from end (MVAr).
    public let branchFromQMVAr: [Double]
    /// Active power entering each branch at its to end (MW); negative when power flows from → to.
    public let branchToPMW: [Double]
    /// Reactive power entering each branch at its to end (MVAr).
    public let branchToQMVAr: [Double]
    /// Magnitude of the current entering each branch at its from end (p.u. on baseMVA and the from bus's baseKV).
    public let branchCurrentPU: [Double]
    /// The same current in kA (`p.u. × baseMVA / (√3 baseKV)`).
    public let branchCurrentKA: [Double]
    /// Total active losses of the in-service branches (MW).
    public let lossesMW: Double
    /// Total reactive losses of the in-service branches, series minus line charging (MVAr).
    public let lossesMVAr: Double
    /// Active power supplied by the slack bus(es), summed over the trees (MW).
    public let substationPMW: Double
    /// Reactive power supplied by the slack bus(es) (MVAr).
    public let substationQMVAr: Double
    /// Sweeps performed.
    public let iterations: Int
    /// The largest voltage phasor change in the last sweep (p.u.).
    public let lastVoltageChangePU: Double

    /// Active losses in kW.
    public var lossesKW: Double { lossesMW * 1000 }
    /// Reactive losses in kVAr.
    public var lossesKVAr: Double { lossesMVAr * 1000 }

    /// The lowest voltage magnitude and the index of its (first) bus.
    public var minimumVoltage: (index: Int, voltagePU: Double) {
        var best = 0
        for i in voltageMagnitudePU.indices where voltageMagnitudePU[i] < voltageMagnitudePU[best] { best = i }
        return (best, voltageMagnitudePU[best])
    }

    /// The highest voltage magnitude and the index of its (first) bus.
    public var maximumVoltage: (index: Int, voltagePU: Double) {
        var best = 0
        for i in voltageMagnitudePU.indices where voltageMagnitudePU[i] > voltageMagnitudePU[best] { best = i }
        return (best, voltageMagnitudePU[best])
    }

    /// Apparent power at the from end of each branch (MVA), the quantity branch ratings limit.
    public var branchFromApparentMVA: [Double] {
        zip(branchFromPMW, branchFromQMVAr).map { ($0 * $0 + $1 * $1).squareRoot() }
    }
}
