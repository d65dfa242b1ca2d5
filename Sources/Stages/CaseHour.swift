import Foundation
import Market

/// One simulated hour of one case as the case-study outputs record it: a row of
/// `hours.csv` and of `cases.h5`'s `/hours/` datasets, with the voltage at every bus.
/// The `casestudy` stage takes it from an `HourOutcome`; the report reads it back from
/// `cases.h5` (`CasesFile.read`). Every case-study table is computed from it
/// (`CaseStudyTables`), so the stage's CSVs and the report's tables come from the same
/// values through the same code.
struct CaseHour: Sendable, Equatable {
    var label = CaseLabel(number: 0, name: "")
    var day = 0
    var hour = 0
    var loadScale = 0.0
    var firstAccepted = false
    var finalAccepted = false
    var submissions = 0
    var opfCalls = 0
    var localRounds = 0
    var predictorCalls = 0
    var localClearings = 0
    var fallback = false
    var firstReconfigured = false
    /// ADMM rounds, messages (offers + flags) and bytes of the hour's clearings (zero when central).
    var clearingRounds = 0
    var clearingMessages = 0
    var clearingBytes = 0
    var reconfigured = false
    /// p̂_acc of the first submission (cases 3 and 4).
    var predictedAcceptance: Double?
    var clearedKWh = 0.0
    var proposedKWh = 0.0
    var firstAcceptedKWh = 0.0
    var executedKWh = 0.0
    var microgridWelfareRs = 0.0
    var microgridCostRs = 0.0
    var dsoCostRs = 0.0
    var networkChargeRs = 0.0
    var totalCostRs = 0.0
    var socialWelfareRs = 0.0
    var substationPMW = 0.0
    var substationQMVAr = 0.0
    var generatorPMW = 0.0
    var generatorQMVAr = 0.0
    var shedKW = 0.0
    var voltageViolations = 0
    var thermalViolations = 0
    /// Per bus, in feeder (case-file) order.
    var voltagesPU: [Double] = []

    init() {}

    init(_ o: HourOutcome) {
        label = o.label
        day = o.day
        hour = o.hour
        loadScale = o.loadScale
        firstAccepted = o.firstAccepted
        finalAccepted = o.finalAccepted
        submissions = o.submissions
        opfCalls = o.opfCalls
        localRounds = o.localRounds
        predictorCalls = o.predictions
        localClearings = o.localClearings
        fallback = o.fallback
        firstReconfigured = o.firstReconfigured
        clearingRounds = o.communication.rounds
        clearingMessages = o.communication.messages
        clearingBytes = o.communication.bytes
        reconfigured = o.reconfigured
        predictedAcceptance = o.predictedAcceptance
        clearedKWh = o.clearedKWh
        proposedKWh = o.proposedKWh
        firstAcceptedKWh = o.firstAcceptedKWh
        executedKWh = o.executedKWh
        microgridWelfareRs = o.microgridWelfareRs
        microgridCostRs = o.microgridCostRs
        dsoCostRs = o.dsoCostRs
        networkChargeRs = o.networkChargeRs
        totalCostRs = o.totalCostRs
        socialWelfareRs = o.socialWelfareRs
        substationPMW = o.grid.substationPMW
        substationQMVAr = o.grid.substationQMVAr
        generatorPMW = o.grid.generatorPMW
        generatorQMVAr = o.grid.generatorQMVAr
        shedKW = o.grid.shedKW
        voltageViolations = o.grid.voltageViolations
        thermalViolations = o.grid.thermalViolations
        voltagesPU = o.grid.voltagesPU
    }

    /// `predictedAcceptance` as `cases.h5` stores it: NaN where there is none.
    var storedPredictedAcceptance: Double {
        get { predictedAcceptance ?? .nan }
        set { predictedAcceptance = newValue.isNaN ? nil : newValue }
    }

    var minimumVoltagePU: Double { voltagesPU.min() ?? .nan }
    var maximumVoltagePU: Double { voltagesPU.max() ?? .nan }
}
