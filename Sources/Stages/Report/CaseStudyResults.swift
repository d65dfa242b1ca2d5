import Foundation
import Market
import Pipeline
import Reporting

/// The output contract of the `casestudy` stage as the report reads it: `cases.h5`
/// (`CasesFile`) for every hour of every case — the headline table, the acceptance,
/// cost and voltage figures and the claims are computed from it, the headline table
/// and the voltage bands with the stage's own functions (`CaseStudyTables`), so they
/// equal `summary.csv` and `voltages.csv` — and `timings.csv` for the wall times, which
/// `cases.h5` leaves out to stay byte-reproducible. Errors name the file and the
/// dataset, line or column at fault.
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

    /// One hour's wall times.
    struct Timing: Sendable {
        let key: CaseKey
        let dsoSeconds: Double
        let mgSeconds: Double
    }

    static let timingsHeader = ["case", "predictor", "day", "hour", "dso_seconds", "mg_seconds"]
    /// The files the report reads from the stage.
    static let files = ["cases.h5", "timings.csv"]

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

    /// Every hour of every case, in the file's order (case, predictor, day, hour).
    let hours: [CaseHour]
    /// Per case and bus: the voltage band over all hours and the peak hour's voltage.
    let voltages: [CaseStudyTables.BusVoltage]
    /// The stage's headline table (`summary.csv`), recomputed from the hours.
    let summary: Table
    let timings: [Timing]
    /// Case runs present in `cases.h5`, ascending.
    let cases: [CaseKey]

    /// Reads the case-study stage's files.
    init(_ input: StageInput, stage: String) throws {
        let h5Name = "\(input.stageName)/cases.h5"
        let contents: CasesFile.Contents
        do {
            contents = try CasesFile.read(atPath: try input.reportFile("cases.h5", reportStage: stage))
        } catch let error as StageError {
            throw error
        } catch {
            throw StageError.malformedInput(stage: stage, file: h5Name, problem: "\(error)")
        }
        hours = contents.hours
        voltages = CaseStudyTables.busVoltages(hours, busIds: contents.busIds, peakHourOfFirstDay: contents.peakHourOfFirstDay)
        summary = try CaseStudyTables.summaryTable(hours, maxRounds: contents.maxRounds, policy: contents.policy,
                                                   daySet: contents.daySet)

        let file = "\(input.stageName)/timings.csv"
        let timingsCSV = try CSVDocument(path: try input.reportFile("timings.csv", reportStage: stage), file: file, stage: stage)
        guard timingsCSV.header == Self.timingsHeader else {
            throw StageError.malformedInput(stage: stage, file: file,
                                            problem: "header is '\(timingsCSV.header.joined(separator: ","))', expected '\(Self.timingsHeader.joined(separator: ","))'")
        }
        guard !timingsCSV.rows.isEmpty else { throw StageError.malformedInput(stage: stage, file: file, problem: "no data rows") }
        timings = try timingsCSV.rows.indices.map { row in
            let field = FieldReader(csv: timingsCSV, row: row, stage: stage)
            // Day and hour are not used, but a row that cannot say which hour it times is malformed.
            _ = (try field.integer("day"), try field.integer("hour"))
            return Timing(key: CaseKey(number: try field.integer("case"), predictor: try field.text("predictor")),
                          dsoSeconds: try field.number("dso_seconds"), mgSeconds: try field.number("mg_seconds"))
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

        func integer(_ column: String) throws -> Int {
            guard let value = Int(try text(column)) else { try fail(column, "an integer") }
            return value
        }

        func number(_ column: String) throws -> Double {
            guard let value = Double(try text(column)), value.isFinite else { try fail(column, "a finite number") }
            return value
        }
    }
}

extension CaseHour {
    /// The case run this hour belongs to.
    var key: CaseStudyResults.CaseKey { CaseStudyResults.CaseKey(number: label.number, predictor: label.predictor) }
}

extension CaseStudyTables.BusVoltage {
    var key: CaseStudyResults.CaseKey { CaseStudyResults.CaseKey(number: label.number, predictor: label.predictor) }
}
