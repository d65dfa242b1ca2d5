import Testing
@testable import Reporting

/// `CSVRecords` reads back what `Table.csv()` writes, and what other writers write.
@Suite struct CSVRecordsTests {
    @Test func readsWhatTheWriterWritesLikeTheIndependentParser() throws {
        let table = try Table(name: "notes", title: "Notes",
                              columns: [Table.Column("Note", format: .text), Table.Column("Value", unit: "kW", format: .fixed(decimals: 1))],
                              rows: [["He said \"hi\", twice", 0.1], ["two\r\nlines", .number(.nan)], ["", .missing], ["ünïcödé κ", -0.0]])
        let csv = table.csv()
        #expect(try CSVRecords.parse(csv, file: "notes.csv") == parseCSV(csv))
        #expect(try CSVRecords.parse(csv, file: "notes.csv")[1] == ["He said \"hi\", twice", "0.1"])
    }

    @Test func otherLineEndsRaggedRecordsAndNoFinalLineBreak() throws {
        #expect(try CSVRecords.parse("a,b\n1,2\r3\n\"x\"\"y\",", file: "t.csv") == [["a", "b"], ["1", "2"], ["3"], ["x\"y", ""]])
        #expect(try CSVRecords.parse("", file: "t.csv") == [])
    }

    @Test func anUnclosedQuoteIsMalformedNamingTheFile() {
        #expect(throws: ReportingError.malformedCSV(file: "cases/summary.csv", problem: "a quoted field is not closed")) {
            try CSVRecords.parse("case,name\n1,\"open\n", file: "cases/summary.csv")
        }
    }
}
