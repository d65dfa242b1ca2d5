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

    /// The microgrid with every capacity multiplied by the scale factor κ
    /// (DESIGN.md §2: κ = 1 is the paper's Table II, κ = 10 the stressed system).
    public func scaled(by kappa: Double) -> Microgrid {
        Microgrid(name: name, bus: bus, photovoltaic: photovoltaic.scaled(by: kappa),
                  battery: battery.scaled(by: kappa), diesel: diesel.scaled(by: kappa),
                  demand: demand.scaled(by: kappa))
    }
}
