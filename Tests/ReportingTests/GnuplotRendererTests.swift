import Foundation
import Testing
@testable import Reporting

/// Real gnuplot runs: every figure kind gives a well-formed SVG with its
/// title, the same bytes on a second run, and clear errors when gnuplot is
/// absent or fails.
@Suite struct GnuplotRendererTests {
    @Test(arguments: SampleFigures.all.map(\.name))
    func rendersAWellFormedSVGWithTitleAndLines(name: String) throws {
        let figure = SampleFigures.named(name)
        let scratch = ScratchDirectory()
        let written = try GnuplotRenderer().render(figure, into: scratch.path)
        let tables = try figure.dataTables()
        #expect(written == tables.map(\.csvFileName) + [figure.name + ".gp", figure.name + ".svg"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == written.sorted())

        let data = try #require(scratch.contents(figure.svgFileName))
        let svg = try #require(SVGSummary(data), "not well-formed XML")
        #expect(svg.root == "svg")
        #expect(svg.elementCounts["path", default: 0] + svg.elementCounts["polyline", default: 0] > 0)
        #expect(svg.text.contains(figure.title))
        for table in tables {
            #expect(scratch.contents(table.csvFileName) == Data(table.csv().utf8))
        }
        #expect(scratch.contents(figure.scriptFileName) == Data(try figure.gnuplotScript().utf8))
    }

    @Test(arguments: SampleFigures.all.map(\.name))
    func secondRenderIsByteIdentical(name: String) throws {
        let figure = SampleFigures.named(name)
        let first = ScratchDirectory(), second = ScratchDirectory()
        let files = try GnuplotRenderer().render(figure, into: first.path)
        try GnuplotRenderer().render(figure, into: second.path)
        for file in files {
            #expect(first.contents(file) == second.contents(file), "\(file) differs between renders")
        }
    }

    @Test func labelsReachTheSVGLiterally() throws {
        let scratch = ScratchDirectory()
        try GnuplotRenderer().render(SampleFigures.acceptanceBars, into: scratch.path)
        let data = try #require(scratch.contents("acceptance.svg"))
        let svg = try #require(SVGSummary(data))
        // `_` would be a subscript in gnuplot's enhanced text if not escaped.
        #expect(svg.text.contains("case_3"))
        #expect(svg.text.contains("1: no grid"))
    }

    @Test func missingExecutableIsATypedErrorNamingTheScript() throws {
        let scratch = ScratchDirectory()
        for executable in [scratch.path + "/no-such-gnuplot", "no-such-gnuplot-on-path"] {
            let error = reportingError { try GnuplotRenderer(executable: executable).render(SampleFigures.voltageProfile, into: scratch.path) }
            #expect(error == .gnuplotNotFound(executable: executable, script: scratch.path + "/voltage-profile.gp"))
            #expect(error?.description.contains("voltage-profile.gp") == true)
        }
        #expect(scratch.contents("voltage-profile.svg") == nil)
    }

    @Test func gnuplotFailureCarriesItsStandardError() throws {
        let scratch = ScratchDirectory()
        let error = reportingError { try GnuplotRenderer().render(BrokenFigure(), into: scratch.path) }
        guard case let .gnuplotFailed(script, status, stderr) = error else {
            Issue.record("expected gnuplotFailed, got \(String(describing: error))")
            return
        }
        #expect(script == scratch.path + "/broken.gp")
        #expect(status != 0)
        #expect(stderr.contains("absent.csv"))
        #expect(error?.description.contains("broken.gp") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == ["broken.csv", "broken.gp"])
    }

    @Test func undrawableDataIsRejectedBeforeAnyFileIsWritten() throws {
        let scratch = ScratchDirectory()
        let figures: [any Figure] = [
            LinePlot(name: "log", title: "t", x: Axis("x"), y: Axis("y", logScale: true), series: [.init("s", x: [1, 2], y: [1, 0])]),
            LinePlot(name: "ragged", title: "t", x: Axis("x"), y: Axis("y"), series: [.init("s", x: [1, 2], y: [1])]),
            BoxPlot(name: "box", title: "t", categoryLabel: "c", y: Axis("y"), categories: [.init("empty", samples: [])]),
            BarChart(name: "bars", title: "t", categoryLabel: "c", y: Axis("y"), bars: [.init("a", value: .nan)]),
            Histogram(name: "hist", title: "t", x: Axis("x"), samples: [1, .infinity]),
        ]
        for figure in figures {
            let error = reportingError { try GnuplotRenderer().render(figure, into: scratch.path) }
            guard case let .invalidFigure(file, _) = error else {
                Issue.record("\(figure.name): expected invalidFigure, got \(String(describing: error))")
                continue
            }
            #expect(file == figure.svgFileName)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
    }
}

/// A figure whose script plots a file that does not exist, so gnuplot fails.
private struct BrokenFigure: Figure {
    let name = "broken", title = "Broken", caption = ""
    let size = FigureSize.standard

    func dataTables() throws -> [Table] {
        [try Table(name: name, title: title, columns: [Table.Column("x", format: .integer)], rows: [[1]])]
    }

    func plotCommands() throws -> [String] {
        ["plot 'absent.csv' skip 1 using 1:1"]
    }
}
