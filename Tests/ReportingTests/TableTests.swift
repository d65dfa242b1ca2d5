import Foundation
import Testing
@testable import Reporting

/// Tables as the report and the CSV files show them.
@Suite struct TableTests {
    private func costTable() throws -> Table {
        try Table(
            name: "cost", title: "Cost per case", caption: "Mean over 3 days.",
            columns: [Table.Column("Case", format: .text), Table.Column("Total cost", unit: "Rs", format: .fixed(decimals: 2)),
                      Table.Column("Rounds", format: .integer), Table.Column("Loss", unit: "kW", format: .scientific(decimals: 2))],
            rows: [["P2P | no grid", 1234.5, 1, 0.000123],
                   ["Learning", 99.126, 12, .number(.nan)],
                   ["Feedback", .missing, 3, .number(-.infinity)]])
    }

    @Test func markdownAlignsNumbersRightAndTextLeft() throws {
        #expect(try costTable().markdown(label: "Table 1") == #"""
            **Table 1. Cost per case.** Mean over 3 days.

            | Case           | Total cost (Rs) | Rounds | Loss (kW) |
            | :------------- | --------------: | -----: | --------: |
            | P2P \| no grid |         1234.50 |      1 |  1.23e-04 |
            | Learning       |           99.13 |     12 |       nan |
            | Feedback       |               — |      3 |      -inf |

            """#)
    }

    @Test func markdownWithoutLabelOrCaptionKeepsTitlePunctuation() throws {
        let table = try Table(name: "t", title: "Which case wins?", columns: [Table.Column("n", format: .integer)], rows: [[7]])
        #expect(table.markdown() == "**Which case wins?**\n\n|   n |\n| --: |\n|   7 |\n")
    }

    @Test func csvWritesFullPrecisionAndExplicitNonFiniteValues() throws {
        #expect(try costTable().csv() == "Case,Total cost (Rs),Rounds,Loss (kW)\r\n"
            + "P2P | no grid,1234.5,1,0.000123\r\n"
            + "Learning,99.126,12,nan\r\n"
            + "Feedback,,3,-inf\r\n")
    }

    @Test func csvQuotesOnlyFieldsThatNeedIt() throws {
        let table = try Table(name: "notes", title: "Notes", columns: [Table.Column("Note", format: .text), Table.Column("Plain", format: .text)],
                              rows: [["He said \"hi\", twice", "a"], ["two\nlines", "b c"]])
        #expect(table.csv() == "Note,Plain\r\n\"He said \"\"hi\"\", twice\",a\r\n\"two\nlines\",b c\r\n")
    }

    @Test func csvRoundTripsEveryBitThroughAnIndependentParser() throws {
        let values: [Double] = [0.1 + 0.2, .pi, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1e-300, 123456789.125, -2.5e-7, .nan, .infinity, -.infinity]
        let texts = ["plain", "comma, inside", "quote \" inside", "line\r\nbreak", "", "ünïcödé κ"]
        let rows: [[Cell]] = values.indices.map { [.text(texts[$0 % texts.count]), .number(values[$0]), .integer($0 - 5)] }
        let table = try Table(name: "round-trip", title: "Round trip",
                              columns: [Table.Column("Text", format: .text), Table.Column("Value", unit: "kW", format: .fixed(decimals: 1)),
                                        Table.Column("Index", format: .integer)],
                              rows: rows)
        let records = parseCSV(table.csv())
        #expect(records.first == ["Text", "Value (kW)", "Index"])
        #expect(records.count == values.count + 1)
        for (index, record) in records.dropFirst().enumerated() {
            #expect(record[0] == texts[index % texts.count])
            let parsed = try #require(Double(record[1]))
            #expect(parsed.bitPattern == values[index].bitPattern || (parsed.isNaN && values[index].isNaN))
            #expect(Int(record[2]) == index - 5)
        }
    }

    @Test func sameTableGivesSameBytes() throws {
        #expect(try costTable().csv() == costTable().csv())
        #expect(try costTable().markdown() == costTable().markdown())
    }

    @Test func rowOfWrongWidthIsRejectedWithItsNumber() {
        let error = reportingError {
            _ = try Table(name: "cost", title: "Cost", columns: [Table.Column("a", format: .integer), Table.Column("b", format: .integer)],
                          rows: [[1, 2], [3]])
        }
        #expect(error == .rowWidth(file: "cost.csv", row: 2, expected: 2, found: 1))
    }

    @Test func cellOfWrongKindIsRejectedWithItsColumn() {
        let error = reportingError {
            _ = try Table(name: "cost", title: "Cost", columns: [Table.Column("Rounds", format: .integer)], rows: [[1.5]])
        }
        #expect(error == .cellKind(file: "cost.csv", row: 1, column: "Rounds", expected: "an integer", found: "a number"))
    }

    @Test func namesThatLeaveTheDirectoryAreRejected() {
        for name in ["../cost", ".hidden", "", "cost table", "a/b"] {
            let error = reportingError { _ = try Table(name: name, title: "t", columns: [], rows: []) }
            guard case .invalidFileName = error else {
                Issue.record("name '\(name)' gave \(String(describing: error))")
                continue
            }
        }
    }
}
