import Foundation
import Pipeline

/// The output contract of the `casestudy` stage (DESIGN.md §8), read and
/// checked: `hours.csv` (one row per case, predictor, day and hour),
/// `voltages.csv` (per case, predictor and bus), `summary.csv` (the headline
/// table) and `timings.csv` (wall times, machine-dependent). Headers must
/// match exactly; the errors name the file, line and column at fault.
struct CaseStudyResults: Sendable {
    /// A case run: its number and, for cases 3 and 4, its predictor. Sorted by number, then predictor.
    struct CaseKey: Sendable, Hashable, Comparable {
        let number: Int
        let predictor: String

        /// `3: learning-augmented (models/transformer)`.
        var label: String {
            "\(number): \(CaseStudyResults.caseName(number))" + (predictor.isEmpty || number == 4 ? "" : " (\(predictor))")
        }

        /// `case 3 (models/transformer)`, for legends and sentences.
        var shortLabel: String { "case \(number)" + (predictor.isEmpty || number == 4 ? "" : " (\(predictor))") }

        static func < (lhs: CaseKey, rhs: CaseKey) -> Bool { (lhs.number, lhs.predictor) < (rhs.number, rhs.predictor) }
    }

    /// One simulated hour of one case.
    struct Hour: Sendable {
        let key: CaseKey
        var caseNumber: Int { key.number }
        let day: Int
        let hour: Int
        let firstAccepted: Bool
        let finalAccepted: Bool
        let submissions: Double
        let opfCalls: Double
        let localRounds: Double
        /// p̂_acc of the first submission (cases 3 and 4; empty in the file otherwise).
        let predictedAcceptance: Double?
        let fallback: Bool
        let clearedKWh: Double
        let proposedKWh: Double
        let firstAcceptedKWh: Double
        let executedKWh: Double
        let totalCostRs: Double
        let voltageViolations: Double
        let thermalViolations: Double
    }

    /// One bus of one case.
    struct BusVoltage: Sendable {
        let key: CaseKey
        let bus: Int
        let minimumPU: Double
        let meanPU: Double
        let maximumPU: Double
        let peakPU: Double
    }

    /// One hour's wall times.
    struct Timing: Sendable {
        let key: CaseKey
        let dsoSeconds: Double
        let mgSeconds: Double
    }

    static let hoursHeader = CaseStudyTables.hourColumns
    static let voltagesHeader = ["case", "predictor", "bus", "v_min_pu", "v_mean_pu", "v_max_pu", "v_peak_pu"]
    static let timingsHeader = ["case", "predictor", "day", "hour", "dso_seconds", "mg_seconds"]
    /// The files the report reads from the stage.
    static let files = ["hours.csv", "voltages.csv", "summary.csv", "timings.csv"]

    /// Names of the four cases of DESIGN.md §8.
    static func caseName(_ number: Int) -> String {
        switch number {
        case 1: return "network-agnostic"
        case 2: return "iterative DSO feedback"
        case 3: return "learning-augmented"
        case 4: return "oracle"
        default: return "case \(number)"
        }
    }

    let hours: [Hour]
    let voltages: [BusVoltage]
    let summary: CSVDocument
    let timings: [Timing]
    /// Case runs present in `hours.csv`, ascending.
    let cases: [CaseKey]

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
            return Hour(key: try field.key(), day: try field.integer("day"), hour: try field.integer("hour"),
                        firstAccepted: try field.boolean("first_accepted"), finalAccepted: try field.boolean("final_accepted"),
                        submissions: try field.number("submissions"), opfCalls: try field.number("opf_calls"),
                        localRounds: try field.number("local_rounds"),
                        predictedAcceptance: try field.text("predicted_acceptance").isEmpty ? nil : try field.number("predicted_acceptance"),
                        fallback: try field.boolean("fallback"),
                        clearedKWh: try field.number("cleared_kwh"),
                        proposedKWh: try field.number("proposed_kwh"), firstAcceptedKWh: try field.number("first_accepted_kwh"),
                        executedKWh: try field.number("executed_kwh"), totalCostRs: try field.number("total_cost_rs"),
                        voltageViolations: try field.number("voltage_violations"),
                        thermalViolations: try field.number("thermal_violations"))
        }
        voltages = try voltagesCSV.rows.indices.map { row in
            let field = FieldReader(csv: voltagesCSV, row: row, stage: stage)
            return BusVoltage(key: try field.key(), bus: try field.integer("bus"), minimumPU: try field.number("v_min_pu"),
                              meanPU: try field.number("v_mean_pu"), maximumPU: try field.number("v_max_pu"),
                              peakPU: try field.number("v_peak_pu"))
        }
        timings = try timingsCSV.rows.indices.map { row in
            let field = FieldReader(csv: timingsCSV, row: row, stage: stage)
            // Day and hour are not used, but a row that cannot say which hour it times is malformed.
            _ = (try field.integer("day"), try field.integer("hour"))
            return Timing(key: try field.key(), dsoSeconds: try field.number("dso_seconds"),
                          mgSeconds: try field.number("mg_seconds"))
        }
        cases = Set(hours.map(\.key)).sorted()
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

        func key() throws -> CaseKey {
            CaseKey(number: try integer("case"), predictor: try text("predictor"))
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
