import SeededRandom

/// The exogenous conditions of one hourly period of a case-study day: what
/// every case sees alike. Per-MG arrays follow the system's MG order.
public struct HourScenario: Sendable, Equatable {
    /// Network load scale s (multiplies every feeder bus load).
    public var loadScale: Double
    /// Each MG's power factor for its exchange with the feeder.
    public var powerFactors: [Double]
    /// PV output as a share of nominal (irradiance).
    public var pvIrradianceFactor: Double
    /// Relative PV forecast error per MG.
    public var solarErrors: [Double]
    /// Multiplier on each MG's demand bounds.
    public var microgridLoadScales: [Double]
    /// DSO prices c_ls and λ_corr (Rs/kW²).
    public var loadSheddingPriceRsPerKW2: Double
    public var correctionPriceRsPerKW2: Double

    /// The market's view of the hour: each MG (already κ-scaled, carrying its
    /// current battery SOC) with this hour's demand bounds and PV availability.
    public func microgridHours(for microgrids: [Microgrid]) -> [MicrogridHour] {
        precondition(microgrids.count == powerFactors.count, "scenario drawn for another number of MGs")
        return microgrids.enumerated().map { n, base in
            var mg = base
            mg.demand.minimumKW *= microgridLoadScales[n]
            mg.demand.maximumKW *= microgridLoadScales[n]
            let pv = mg.photovoltaic.availableKW(irradianceFactor: pvIrradianceFactor, forecastError: solarErrors[n])
            return MicrogridHour(microgrid: mg, availablePVKW: pv)
        }
    }

    /// The proposal of `tradesKW` under this hour's conditions.
    public func proposal(_ tradesKW: [[Double]]) -> TradeProposal {
        TradeProposal(tradesKW: tradesKW, loadScale: loadScale, powerFactors: powerFactors,
                      loadSheddingPriceRsPerKW2: loadSheddingPriceRsPerKW2, correctionPriceRsPerKW2: correctionPriceRsPerKW2)
    }
}

/// One Monte-Carlo day of the case studies: 24 hourly scenarios.
public struct DayScenario: Sendable, Equatable {
    /// 0-based day index.
    public var day: Int
    /// The hours 0…23.
    public var hours: [HourScenario]

    /// The hour with the highest network load scale (the first one on ties).
    public var peakLoadHour: Int {
        hours.indices.max { hours[$0].loadScale < hours[$1].loadScale } ?? 0
    }
}

/// Draws case-study days from a dataset's in-distribution scenario ranges, so
/// every input the trained predictor sees stays inside its training range.
///
/// Day `d` of day set `s` uses its own generator, derived from the stage seed
/// and the stream `s · 2³² + d` (as `ScenarioSampler` does per sample), so a
/// day never depends on which other days are simulated or in what order, and
/// the calibration sets `s ≥ 1` share no day with the case-study days of
/// set 0. Per day it draws
/// - one power factor per MG, the solar uncertainty u, c_ls and λ_corr
///   from their ranges (fixed for the day: tariffs and connection settings
///   do not change hour to hour);
/// - a clearness factor in [0.5, 1] scaling the clear-sky PV shape, a network
///   load level in `networkLoadLevel` (default [0.9, 1]) and one MG load level
///   per MG in `microgridLoadLevel` (default [0.85, 1]);
/// and per hour a ±10 % cloud noise on PV, a ±5 % noise on the network load
/// and on each MG's load, and each MG's PV forecast error in ±u.
/// Hourly values follow `DailyProfile`: irradiance = upper end of its range ×
/// clear-sky share × clearness × noise; load scales = upper end of their range
/// × RTS load share × level × noise. Every value is finally clamped into its
/// range (which lifts the night-time network load to the range's floor).
public struct DayScenarioSampler: Sendable {
    public let distribution: ScenarioDistribution
    public let microgridCount: Int
    /// Range of the day's network load level (multiplies the RTS load shape; dimensionless).
    public let networkLoadLevel: ValueRange
    /// Range of each MG's load level for the day (dimensionless).
    public let microgridLoadLevel: ValueRange

    /// Draws from `distribution` (a dataset spec's in-distribution ranges); the levels set how
    /// stressed the days are within those ranges.
    public init(distribution: ScenarioDistribution, microgridCount: Int,
                networkLoadLevel: ValueRange = ValueRange(0.9, 1),
                microgridLoadLevel: ValueRange = ValueRange(0.85, 1)) {
        self.distribution = distribution
        self.microgridCount = microgridCount
        self.networkLoadLevel = networkLoadLevel
        self.microgridLoadLevel = microgridLoadLevel
    }

    /// Day `day` of day set `set` (0: the case-study days; 1, 2, …: calibration sets) drawn with seed `seed`.
    public func day(seed: UInt64, index day: Int, set: Int = 0) -> DayScenario {
        precondition(day >= 0 && day < 1 << 32 && set >= 0, "day \(day) of set \(set)")
        var random = SeededGenerator(seed: seed, stream: UInt64(set) << 32 | UInt64(day))
        let d = distribution, n = microgridCount
        func draw(_ range: ValueRange) -> Double { random.uniform(range.lower, range.upper) }
        func clamp(_ value: Double, _ range: ValueRange) -> Double { min(range.upper, max(range.lower, value)) }
        let powerFactors = (0..<n).map { _ in draw(d.powerFactor) }
        let uncertaintyPercent = draw(d.solarUncertaintyPercent)
        let cLs = draw(d.loadSheddingPriceRsPerKW2)
        let lambdaCorr = draw(d.correctionPriceRsPerKW2)
        let clearness = random.uniform(0.5, 1)
        let networkLevel = draw(networkLoadLevel)
        let microgridLevels = (0..<n).map { _ in draw(microgridLoadLevel) }
        let hours = (0..<DailyProfile.hoursPerDay).map { h -> HourScenario in
            let share = DailyProfile.loadShare[h]
            let pv = d.pvIrradianceFactor.upper * DailyProfile.clearSkyPVShare(hour: h) * clearness * random.uniform(0.9, 1.1)
            let load = d.loadScale.upper * share * networkLevel * random.uniform(0.95, 1.05)
            let microgridLoads = microgridLevels.map {
                clamp(d.microgridLoadScale.upper * share * $0 * random.uniform(0.95, 1.05), d.microgridLoadScale)
            }
            let errors = (0..<n).map { _ in random.uniform(-uncertaintyPercent, uncertaintyPercent) / 100 }
            return HourScenario(loadScale: clamp(load, d.loadScale), powerFactors: powerFactors,
                                pvIrradianceFactor: clamp(pv, d.pvIrradianceFactor), solarErrors: errors,
                                microgridLoadScales: microgridLoads, loadSheddingPriceRsPerKW2: cLs,
                                correctionPriceRsPerKW2: lambdaCorr)
        }
        return DayScenario(day: day, hours: hours)
    }
}
