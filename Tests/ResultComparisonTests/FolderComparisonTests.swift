import Foundation
import Testing
import HDF5Store
@testable import ResultComparison

/// Report folders compared file by file: CSV cell by cell, text number by number, the rest byte by byte.
@Suite struct FolderComparisonTests {
    static let csv = "model,split,n,RMSE (kW),verdict\r\nmlp,test,2000,0.036519896709602,supported\r\n"
        + "transformer,test,2000,0.0312,\"not supported, see 3\"\r\n"
    static let markdown = "# Report\n\nStage `data` generated 20000 samples; curtailed in 12.5 % of them.\n\n| model | RMSE |\n| mlp | 0.0365 |\n"
    static let svg = "<svg viewBox=\"0 0 760 440\">\n<path d='M61.5,399.3 L70.5,399.3'/>\n<text>Produced by GNUPLOT 5.4</text>\n</svg>\n"

    /// A report folder with the given texts, and a hidden file that must be skipped.
    private func writeReport(_ scratch: ScratchDirectory, _ folder: String,
                             csv: String = csv, markdown: String = markdown, svg: String = svg, withFigure: Bool = true) throws {
        try scratch.write(csv, to: folder + "/tables/accuracy.csv")
        try scratch.write(markdown, to: folder + "/report.md")
        if withFigure { try scratch.write(svg, to: folder + "/figures/loss.svg") }
        try scratch.write("publisher scratch", to: folder + "/.incoming/tmp")
    }

    @Test func identicalFoldersAreIdentical() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try writeReport(scratch, "a")
        try writeReport(scratch, "b")
        let report = try PathComparison().compare(scratch.file("a"), scratch.file("b"))
        #expect(report.items.map(\.name) == ["figures/loss.svg", "report.md", "tables/accuracy.csv"])
        #expect(report.items.allSatisfy { $0.outcome == .identical })
        #expect(report.isWithinTolerance)
    }

    @Test func aChangedNumberAChangedWordAndAMissingFile() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try writeReport(scratch, "a")
        try writeReport(scratch, "b",
                        csv: Self.csv.replacingOccurrences(of: "0.0312", with: "0.0313")
                            .replacingOccurrences(of: ",supported", with: ",rejected"),
                        markdown: Self.markdown.replacingOccurrences(of: "12.5 %", with: "12.6 %"),
                        withFigure: false)
        let report = try PathComparison().compare(scratch.file("a"), scratch.file("b"))

        #expect(report.item("figures/loss.svg")?.outcome == .different(reason: "only in A"))
        let table = try #require(report.item("tables/accuracy.csv"))
        #expect(table.outcome == .beyondTolerance)
        #expect(table.compared == 10)
        #expect(table.beyondTolerance == 1)
        #expect(table.textMismatches == 1)
        let largest = try #require(table.largestAbsolute)
        #expect(abs(largest.value - 1e-4) < 1e-15)
        #expect(largest.location == .cell(row: 2, rowLabel: "transformer", column: "RMSE (kW)"))
        #expect(table.firstTextDifference == .init(location: .cell(row: 1, rowLabel: "mlp", column: "verdict"),
                                                   a: "supported", b: "rejected"))
        let text = try #require(report.item("report.md"))
        #expect(text.outcome == .beyondTolerance)
        #expect(text.largestAbsolute?.location == .line(3))
        #expect(abs((text.largestAbsolute?.value ?? 0) - 0.1) < 1e-12)
        #expect(text.textMismatches == 0)
        #expect(!report.isWithinTolerance)
    }

    @Test func numbersWithinToleranceAndAChangedWordInText() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try writeReport(scratch, "a")
        try writeReport(scratch, "b",
                        csv: Self.csv.replacingOccurrences(of: "0.036519896709602", with: "0.036519896709603"),
                        svg: Self.svg.replacingOccurrences(of: "399.3 L", with: "399.30000001 L")
                            .replacingOccurrences(of: "Produced", with: "Drawn"))
        let report = try PathComparison().compare(scratch.file("a"), scratch.file("b"))
        #expect(report.item("tables/accuracy.csv")?.outcome == .withinTolerance)
        let figure = try #require(report.item("figures/loss.svg"))
        #expect(figure.outcome == .beyondTolerance)
        #expect(figure.beyondTolerance == 0)
        #expect(figure.textMismatches == 1)
        #expect(figure.largestAbsolute?.location == .line(2))
        #expect(figure.firstTextDifference?.location == .line(3))
        #expect(figure.firstTextDifference?.a == "<text>Produced by GNUPLOT 5.4</text>")
        #expect(figure.firstTextDifference?.b == "<text>Drawn by GNUPLOT 5.4</text>")
        // With the word put back, the folders are the same result.
        try scratch.write(Self.svg.replacingOccurrences(of: "399.3 L", with: "399.30000001 L"), to: "b/figures/loss.svg")
        let fixed = try PathComparison().compare(scratch.file("a"), scratch.file("b"))
        #expect(fixed.isWithinTolerance)
        #expect(fixed.withinToleranceCount == 2)
    }

    @Test func tablesWithAnotherHeaderOrRowCountAreStructurallyDifferent() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try writeReport(scratch, "a")
        try writeReport(scratch, "b", csv: Self.csv.replacingOccurrences(of: "RMSE (kW)", with: "RMSE (MW)") + "ridge,test,2000,0.05,supported\r\n")
        let table = try #require(try PathComparison().compare(scratch.file("a"), scratch.file("b")).item("tables/accuracy.csv"))
        #expect(table.outcome == .different(reason: "header differs at column 4: 'RMSE (kW)' in A, 'RMSE (MW)' in B; A has 2 data rows, B has 3"))
        #expect(table.compared == 10)
    }

    @Test func binaryFilesByBytesAndHDF5FilesInsideFolders() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        for side in ["a", "b"] {
            try writeReport(scratch, side)
            let image = Data([0x89, 0x50, 0x4E, 0x47, 0x00, side == "a" ? 0x01 : 0x02, 0x03])
            try image.write(to: URL(fileURLWithPath: scratch.file(side + "/figures/loss.png")))
            try FileManager.default.createDirectory(atPath: scratch.file(side + "/data"), withIntermediateDirectories: true)
            try KnownDifferences.write(scratch.file(side + "/data/dataset.h5"), isB: side == "b", structural: false)
        }
        let report = try PathComparison().compare(scratch.file("a"), scratch.file("b"))
        let image = try #require(report.item("figures/loss.png"))
        #expect(image.kind == .binary)
        #expect(image.outcome == .beyondTolerance)
        #expect(image.firstTextDifference == .init(location: .byte(offset: 5), a: "01 03", b: "02 03"))
        let objective = try #require(report.item("data/dataset.h5:/opf/objective"))
        #expect(objective.largestAbsolute?.location == .element(index: [2, 1]))
        #expect(report.item("data/dataset.h5:/opf/status")?.outcome == .identical)
    }

    @Test func aDamagedHDF5FileInAFolderIsBadInput() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try writeReport(scratch, "a")
        try writeReport(scratch, "b")
        try KnownDifferences.write(scratch.file("a/dataset.h5"), isB: false, structural: false)
        try scratch.write("", to: "b/dataset.h5")
        #expect(throws: ComparisonError.hdf5(.notAnHDF5File(file: scratch.file("b/dataset.h5"), reason: "the file is empty (0 bytes)"))) {
            try PathComparison().compare(scratch.file("a"), scratch.file("b"))
        }
    }
}
