import Foundation
import Testing
@testable import Reporting

/// The assembled report: its Markdown and the directory it is written as.
@Suite struct ReportDocumentTests {
    private func document() throws -> ReportDocument {
        let summary = try Table(name: "summary", title: "Summary", caption: "First submission.",
                                columns: [Table.Column("Case", format: .text), Table.Column("Accepted", unit: "%", format: .fixed(decimals: 1))],
                                rows: [["1", 62.0], ["3", 97.25]])
        return ReportDocument(title: "Paper pipeline", blocks: [
            .heading("Case studies"),
            .paragraph("Three cases on the same scenarios."),
            .table(summary),
            .figure(SampleFigures.acceptanceBars),
            .heading("Inputs", level: 3),
            .figure(SampleFigures.costBoxes),
        ])
    }

    @Test func markdownNumbersTablesAndFiguresAndLinksTheirFiles() throws {
        #expect(try document().markdown() == """
            # Paper pipeline

            ## Case studies

            Three cases on the same scenarios.

            **Table 1. Summary.** First submission.

            | Case | Accepted (%) |
            | :--- | -----------: |
            | 1    |         62.0 |
            | 3    |         97.2 |

            Data: [summary.csv](tables/summary.csv)

            ![Figure 1. Acceptance ratio](figures/acceptance.svg)

            **Figure 1. Acceptance ratio.** Data: [acceptance.csv](figures/acceptance.csv); script: [acceptance.gp](figures/acceptance.gp).

            ### Inputs

            ![Figure 2. Total cost per case](figures/cost-per-case.svg)

            **Figure 2. Total cost per case.** Data: [cost-per-case.csv](figures/cost-per-case.csv), [cost-per-case-outliers.csv](figures/cost-per-case-outliers.csv); script: [cost-per-case.gp](figures/cost-per-case.gp).

            """)
    }

    @Test func writeProducesTheMarkdownAndEveryLinkedFile() throws {
        let scratch = ScratchDirectory()
        let document = try document()
        let written = try document.write(to: scratch.path)
        #expect(written == [
            "figures/acceptance.csv", "figures/acceptance.gp", "figures/acceptance.svg",
            "figures/cost-per-case-outliers.csv", "figures/cost-per-case.csv", "figures/cost-per-case.gp", "figures/cost-per-case.svg",
            "report.md", "tables/summary.csv",
        ])
        let onDisk = FileManager.default.enumerator(atPath: scratch.path)!.compactMap { $0 as? String }
            .filter { !$0.hasSuffix("figures") && !$0.hasSuffix("tables") }.sorted()
        #expect(onDisk == written)
        #expect(scratch.contents("report.md") == Data(try document.markdown().utf8))
    }

    @Test func twoTablesWithOneNameAreRejectedBeforeWriting() throws {
        let scratch = ScratchDirectory()
        let table = try Table(name: "same", title: "t", columns: [], rows: [])
        let error = reportingError { try ReportDocument(title: "r", blocks: [.table(table), .table(table)]).write(to: scratch.path) }
        #expect(error == .duplicateFile(file: "tables/same.csv"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
    }
}
