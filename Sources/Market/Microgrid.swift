import Grid

/// One microgrid as a market participant (DESIGN.md §2): PV, battery, diesel
/// generator and flexible demand behind one point of connection to the feeder.
public struct Microgrid: Sendable, Equatable {
    /// Display name, e.g. "MG1".
    public var name: String
    /// The feeder bus it connects to (bus id as in the case file).
    public var bus: Int
    public var photovoltaic: PhotovoltaicUnit
    public var battery: BatteryStorage
    public var diesel: DieselGenerator
    public var demand: FlexibleDemand

    public init(name: String, bus: Int, photovoltaic: PhotovoltaicUnit, battery: BatteryStorage,
                diesel: DieselGenerator, demand: FlexibleDemand) {
        self.name = name
        self.bus = bus
        self.photovoltaic = photovoltaic
        self.battery = battery
        self.diesel = diesel
        self.demand = demand
    }

    /// The microgrid of a system spec's MG entry (DESIGN.md §2, paper Table II): demand
    /// bounded above by the satiation point ω/α and below by `demandMinimumShare` of it.
    public init(spec: MicrogridSpec, demandMinimumShare: Double) {
        let satiation = spec.demand.omegaRsPerKWh / spec.demand.alphaRsPerKW2h
        self.init(
            name: spec.name, bus: spec.bus, photovoltaic: PhotovoltaicUnit(nominalKW: spec.pvNominalKW),
            battery: BatteryStorage(ratedPowerKW: spec.battery.ratedPowerKW, minimumSOCKWh: spec.battery.socMinKWh,
                                    maximumSOCKWh: spec.battery.socMaxKWh, chargeEfficiency: spec.battery.chargeEfficiency,
                                    dischargeEfficiency: spec.battery.dischargeEfficiency, socKWh: spec.battery.initialSOCKWh),
            diesel: DieselGenerator(maximumKW: spec.diesel.maxKW, quadraticCostRsPerKW2: spec.diesel.aRsPerKW2h,
                                    linearCostRsPerKWh: spec.diesel.bRsPerKWh),
            demand: FlexibleDemand(omegaRsPerKWh: spec.demand.omegaRsPerKWh, alphaRsPerKW2: spec.demand.alphaRsPerKW2h,
                                   minimumKW: demandMinimumShare * satiation, maximumKW: satiation))
    }

    /// The microgrid with every capacity multiplied by the scale factor κ
    /// (DESIGN.md §2: κ = 1 is the paper's Table II, κ = 10 the stressed system).
    public func scaled(by kappa: Double) -> Microgrid {
        Microgrid(name: name, bus: bus, photovoltaic: photovoltaic.scaled(by: kappa),
                  battery: battery.scaled(by: kappa), diesel: diesel.scaled(by: kappa),
                  demand: demand.scaled(by: kappa))
    }
}
