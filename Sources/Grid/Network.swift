/// A distribution network as plain values, in MATPOWER's conventions:
/// powers in MW / MVAr, impedances in per unit on `baseMVA` and each bus's
/// base voltage, voltages in per unit. No I/O happens here; importers
/// (MATPOWER, the modified-system spec) produce a `Network`, and the power
/// flow and OPF consume one.
public struct Network: Sendable, Equatable {
    /// System apparent-power base (MVA).
    public var baseMVA: Double
    public var buses: [Bus]
    public var branches: [Branch]
    public var generators: [Generator]
    /// A short name, e.g. the case file's function name (`case33bw`).
    public var name: String

    public init(name: String, baseMVA: Double, buses: [Bus], branches: [Branch], generators: [Generator]) {
        self.name = name
        self.baseMVA = baseMVA
        self.buses = buses
        self.branches = branches
        self.generators = generators
    }
}

/// MATPOWER bus types.
public enum BusType: Int, Sendable, Equatable, CaseIterable {
    case pq = 1
    case pv = 2
    case slack = 3
    case isolated = 4
}

/// One bus (a row of MATPOWER's `bus` matrix).
public struct Bus: Sendable, Equatable {
    /// The bus number as written in the case file (not necessarily 1…n).
    public var id: Int
    public var type: BusType
    /// Active / reactive demand (MW / MVAr).
    public var pdMW: Double
    public var qdMVAr: Double
    /// Shunt conductance / susceptance (MW / MVAr demanded at 1 p.u.).
    public var gsMW: Double
    public var bsMVAr: Double
    public var area: Int
    /// Voltage magnitude (p.u.) and angle (degrees) of the stored solution or start point.
    public var vmPU: Double
    public var vaDeg: Double
    public var baseKV: Double
    public var zone: Int
    public var vmaxPU: Double
    public var vminPU: Double

    public init(id: Int, type: BusType, pdMW: Double, qdMVAr: Double, gsMW: Double = 0, bsMVAr: Double = 0,
                area: Int = 1, vmPU: Double = 1, vaDeg: Double = 0, baseKV: Double, zone: Int = 1,
                vmaxPU: Double, vminPU: Double) {
        self.id = id; self.type = type; self.pdMW = pdMW; self.qdMVAr = qdMVAr
        self.gsMW = gsMW; self.bsMVAr = bsMVAr; self.area = area; self.vmPU = vmPU; self.vaDeg = vaDeg
        self.baseKV = baseKV; self.zone = zone; self.vmaxPU = vmaxPU; self.vminPU = vminPU
    }
}

/// One branch (a row of MATPOWER's `branch` matrix). An out-of-service branch
/// (`inService == false`) is an open switch: a tie switch in a radial feeder.
public struct Branch: Sendable, Equatable {
    /// From / to bus ids, as in the case file.
    public var fromBus: Int
    public var toBus: Int
    /// Series resistance / reactance and total line-charging susceptance (p.u.).
    public var rPU: Double
    public var xPU: Double
    public var bPU: Double
    /// Long-term, short-term and emergency ratings (MVA); 0 means unlimited.
    public var rateAMVA: Double
    public var rateBMVA: Double
    public var rateCMVA: Double
    /// Off-nominal tap ratio (0 in the file means 1) and phase shift (degrees).
    public var tapRatio: Double
    public var shiftDeg: Double
    public var inService: Bool
    /// Angle-difference limits (degrees).
    public var angMinDeg: Double
    public var angMaxDeg: Double

    public init(fromBus: Int, toBus: Int, rPU: Double, xPU: Double, bPU: Double = 0,
                rateAMVA: Double = 0, rateBMVA: Double = 0, rateCMVA: Double = 0,
                tapRatio: Double = 0, shiftDeg: Double = 0, inService: Bool = true,
                angMinDeg: Double = -360, angMaxDeg: Double = 360) {
        self.fromBus = fromBus; self.toBus = toBus; self.rPU = rPU; self.xPU = xPU; self.bPU = bPU
        self.rateAMVA = rateAMVA; self.rateBMVA = rateBMVA; self.rateCMVA = rateCMVA
        self.tapRatio = tapRatio; self.shiftDeg = shiftDeg; self.inService = inService
        self.angMinDeg = angMinDeg; self.angMaxDeg = angMaxDeg
    }
}

/// One generator (a row of MATPOWER's `gen` matrix, joined with its `gencost` row).
public struct Generator: Sendable, Equatable {
    public var bus: Int
    /// Dispatch of the stored solution or start point (MW / MVAr).
    public var pgMW: Double
    public var qgMVAr: Double
    public var qmaxMVAr: Double
    public var qminMVAr: Double
    /// Voltage set-point (p.u.).
    public var vgPU: Double
    public var mBaseMVA: Double
    public var inService: Bool
    public var pmaxMW: Double
    public var pminMW: Double
    /// Operating cost; nil when the case has no `gencost`.
    public var cost: GeneratorCost?

    public init(bus: Int, pgMW: Double = 0, qgMVAr: Double = 0, qmaxMVAr: Double, qminMVAr: Double,
                vgPU: Double = 1, mBaseMVA: Double = 100, inService: Bool = true,
                pmaxMW: Double, pminMW: Double, cost: GeneratorCost? = nil) {
        self.bus = bus; self.pgMW = pgMW; self.qgMVAr = qgMVAr; self.qmaxMVAr = qmaxMVAr; self.qminMVAr = qminMVAr
        self.vgPU = vgPU; self.mBaseMVA = mBaseMVA; self.inService = inService
        self.pmaxMW = pmaxMW; self.pminMW = pminMW; self.cost = cost
    }
}

/// A generator cost row of MATPOWER's `gencost` matrix.
public struct GeneratorCost: Sendable, Equatable {
    public enum Model: Sendable, Equatable {
        /// Model 2: cost ($/h) = Σ c_k P^k with P in MW; coefficients highest order first, as in the file.
        case polynomial(coefficients: [Double])
        /// Model 1: piecewise linear through (MW, $/h) points.
        case piecewiseLinear(points: [(mw: Double, cost: Double)])

        public static func == (lhs: Model, rhs: Model) -> Bool {
            switch (lhs, rhs) {
            case let (.polynomial(a), .polynomial(b)): return a == b
            case let (.piecewiseLinear(a), .piecewiseLinear(b)):
                return a.count == b.count && zip(a, b).allSatisfy { $0.mw == $1.mw && $0.cost == $1.cost }
            default: return false
            }
        }
    }
    public var model: Model
    public var startupCost: Double
    public var shutdownCost: Double

    public init(model: Model, startupCost: Double = 0, shutdownCost: Double = 0) {
        self.model = model; self.startupCost = startupCost; self.shutdownCost = shutdownCost
    }
}
