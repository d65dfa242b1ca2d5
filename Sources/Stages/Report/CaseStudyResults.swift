import Foundation
import Pipeline

/// The output contract of the `casestudy` stage (DESIGN.md §8), read and
/// checked: `hours.csv` (one row per case, day and hour), `voltages.csv` (per
/// case and bus), `summary.csv` (the headline table) and `timings.csv`
/// (wall times, machine-dependent). Headers must match exactly; the errors
/// name the file, line and column at fault.
struct CaseStudyResults: Sendable {
    /// One simulated hour of one case.
    struct Hour: Sendable {
        let caseNumber: Int
        let day: Int
        let hour: Int
        let firstAccepted: Bool
        let finalAccepted: Bool
        let proposedKWh: Double
        let firstAcceptedKWh: Double
        let executedKWh: Double
        let totalCostRs: Double
        let voltageViolations: Double
        let thermalViolations: Double
    }

    /// One bus of one case.
    struct BusVoltage: Sendable {
        let caseNumber: Int
        let bus: Int
        let minimumPU: Double
        let meanPU: Double
        let maximumPU: Double
        let peakPU: Double
    }

    /// One hour's wall times.
    struct Timing: Sendable {
        let caseNumber: Int
        let dsoSeconds: Double
        let mgSeconds: Double
    }

    static let hoursHeader = [
        "case", "day", "hour", "first_accepted", "final_accepted", "submissions", "opf_calls", "local_clearings", "fallback",
        "proposed_kwh", "first_accepted_kwh", "executed_kwh", "mg_welfare_rs", "mg_cost_rs", "dso_cost_rs", "total_cost_rs",
        "social_welfare_rs", "v_min_pu", "v_max_pu", "substation_p_mw", "substation_q_mvar", "dg_p_mw", "dg_q_mvar", "shed_kw",
        "voltage_violations", "thermal_violations",
    ]
    static let voltagesHeader = ["case", "bus", "v_min_pu", "v_mean_pu", "v_max_pu", "v_peak_pu"]
    static let timingsHeader = ["case", "day", "hour", "dso_seconds", "mg_seconds"]
    /// The files the report reads from the stage.
    static let files = ["hours.csv", "voltages.csv", "summary.csv", "timings.csv"]

    /// Names of the three cases of DESIGN.md §8.
    static func caseName(_ number: Int) -> String {
        switch number {
        case 1: return "network-agnostic"
        case 2: return "iterative DSO feedback"
        case 3: return "learning-augmented"
        default: return "case \(number)"
        }
    }

    let hours: [Hour]
    let voltages: [BusVoltage]
    let summary: CSVDocument
    let timings: [Timing]
    /// Case numbers present in `hours.csv`, ascending.
    let cases: [Int]

    /// Reads the case-study stage's files.
    init(_ input: StageInput, stage: String) throws {
        func document(_ name: String, header: [String]?) throws -> CSVDocument {
            let file = "\(input.stageName)/\(name)"
            let csv = try CSVDocument(path: try input.reportFile(name, reportStage: stage), file: file, stage: stage)
            if let header, csv.header != header {
                throw StageError.malformedInput(stage: stage, file: file,
                                                      problem: "header is '\(csv.header.joined(separator: ","))', expected '\(header.joined(separator: ","))'")
            }
            guard !csv.rows.isEmpty else { throw StageError.malformedInput(stage: stage, file: file, problem: "no data rows") }
            return csv
        }
        let hoursCSV = try document("hours.csv", header: Self.hoursHeader)
        let voltagesCSV = try document("voltages.csv", header: Self.voltagesHeader)
        let timingsCSV = try document("timings.csv", header: Self.timingsHeader)
        summary = try document("summary.csv", header: nil)

        hours = try hoursCSV.rows.indices.map { row in
            let field = FieldReader(csv: hoursCSV, row: row, stage: stage)
            return Hour(caseNumber: try field.integer("case"), day: try field.integer("day"), hour: try field.integer("hour"),
                        firstAccepted: try field.boolean("first_accepted"), finalAccepted: try field.boolean("final_accepted"),
                        proposedKWh: try field.number("proposed_kwh"), firstAcceptedKWh: try field.number("first_accepted_kwh"),
                        executedKWh: try field.number("executed_kwh"), totalCostRs: try field.number("total_cost_rs"),
                        voltageViolations: try field.number("voltage_violations"),
                        thermalViolations: try field.number("thermal_violations"))
        }
        voltages = try voltagesCSV.rows.indices.map { row in
            let field = FieldReader(csv: voltagesCSV, row: row, stage: stage)
            return BusVoltage(caseNumber: try field.integer("case"), bus: try field.integer("bus"), minimumPU: try field.number("v_min_pu"),
                              meanPU: try field.number("v_mean_pu"), maximumPU: try field.number("v_max_pu"),
                              peakPU: try field.number("v_peak_pu"))
        }
        timings = try timingsCSV.rows.indices.map { row in
            let field = FieldReader(csv: timingsCSV, row: row, stage: stage)
            // Day and hour are not used, but a row that cannot say which hour it times is malformed.
            _ = (try field.integer("day"), try field.integer("hour"))
            return Timing(caseNumber: try field.integer("case"), dsoSeconds: try field.number("dso_seconds"),
                          mgSeconds: try field.number("mg_seconds"))
        }
        cases = Set(hours.map(\.caseNumber)).sorted()
    }

    /// Typed access to one row's fields, with errors naming file, line and column.
    private struct FieldReader {
        let csv: CSVDocument
        let row: Int
        let stage: String

        func text(_ column: String) throws -> String {
            csv.rows[row][try csv.column(column, stage: stage)]
        }

        func fail(_ column: String, _ expected: String) throws -> Never {
            throw StageError.malformedInput(stage: stage, file: csv.file,
                                                  problem: "line \(row + 2), column '\(column)': '\(try text(column))' is not \(expected)")
        }

        func integer(_ column: String) throws -> Int {
            guard let value = Int(try text(column)) else { try fail(column, "an integer") }
            return value
        }

        func number(_ column: String) throws -> Double {
            guard let value = Double(try text(column)), value.isFinite else { try fail(column, "a finite number") }
            return value
        }

        func boolean(_ column: String) throws -> Bool {
            switch try text(column) {
            case "0": return false
            case "1": return true
            default: try fail(column, "0 or 1")
            }
        }
    }
}
