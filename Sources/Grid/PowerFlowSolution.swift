/// Tolerance and iteration cap of the backward/forward sweep.
public struct PowerFlowOptions: Sendable, Equatable {
    /// Converged when no bus voltage phasor changes by more than this between sweeps (p.u.).
    public var tolerancePU: Double
    /// Sweeps attempted before reporting `GridError.powerFlowDidNotConverge`.
    public var maxIterations: Int

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
    /// Voltage magnitude (p.u.) and angle (degrees) per bus.
    public let voltageMagnitudePU: [Double]
    public let voltageAngleDeg: [Double]
    /// Power entering each branch at its from end and at its to end (MW / MVAr).
    public let branchFromPMW: [Double]
    public let branchFromQMVAr: [Double]
    public let branchToPMW: [Double]
    public let branchToQMVAr: [Double]
    /// Magnitude of the current entering each branch at its from end (p.u. on baseMVA and the from bus's baseKV).
    public let branchCurrentPU: [Double]
    /// The same current in kA (`p.u. × baseMVA / (√3 baseKV)`).
    public let branchCurrentKA: [Double]
    /// Total series and shunt losses of the in-service branches (MW / MVAr).
    public let lossesMW: Double
    public let lossesMVAr: Double
    /// Power supplied by the slack bus(es), summed over the trees (MW / MVAr).
    public let substationPMW: Double
    public let substationQMVAr: Double
    /// Sweeps performed, and the largest voltage change in the last one (p.u.).
    public let iterations: Int
    public let lastVoltageChangePU: Double

    /// Active / reactive losses in kW / kVAr.
    public var lossesKW: Double { lossesMW * 1000 }
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
