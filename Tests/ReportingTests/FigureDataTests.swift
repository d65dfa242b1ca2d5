import Testing
@testable import Reporting

/// What each figure writes beside its SVG: the data CSVs and the gnuplot script.
@Suite struct FigureDataTests {
    @Test func boxPlotWritesItsStatisticsAndOutliers() throws {
        let plot = BoxPlot(name: "cost", title: "Cost", categoryLabel: "Case", y: Axis("Total cost", unit: "Rs"),
                           categories: [.init("a", samples: [1, 2, 3, 4, 5, 100]), .init("b, c", samples: [2, 2])])
        let tables = try plot.dataTables()
        #expect(tables.map(\.csvFileName) == ["cost.csv", "cost-outliers.csv"])
        #expect(tables[0].csv() == "Case,Position,Samples,Minimum (Rs),Lower whisker (Rs),Lower quartile (Rs),Median (Rs),"
            + "Upper quartile (Rs),Upper whisker (Rs),Maximum (Rs),Mean (Rs),Outliers\r\n"
            + "a,1,6,1.0,1.0,2.25,3.5,4.75,5.0,100.0,\(115.0 / 6),1\r\n"
            + "\"b, c\",2,2,2.0,2.0,2.0,2.0,2.0,2.0,2.0,2.0,0\r\n")
        #expect(tables[1].csv() == "Case,Position,Total cost (Rs)\r\na,1,100.0\r\n")
    }

    @Test func linePlotKeepsEachSeriesAbscissaeAndLeavesShortSeriesEmpty() throws {
        let plot = LinePlot(name: "curves", title: "Curves", x: Axis("x", unit: "s"), y: Axis("y"),
                            series: [.init("a", x: [1, 2, 3], y: [10, 20, 30]), .init("b", x: [0.5], y: [.nan])])
        #expect(try plot.dataTables()[0].csv() == "a: x (s),a: y,b: x (s),b: y\r\n1.0,10.0,0.5,nan\r\n2.0,20.0,,\r\n3.0,30.0,,\r\n")
    }

    @Test func histogramBinsAreHalfOpenExceptTheLast() throws {
        let histogram = Histogram(name: "h", title: "H", x: Axis("Load", unit: "kW"), samples: [0, 1, 2, 3, 4, 10], binCount: 5)
        let bins = try histogram.bins()
        #expect(bins.map(\.lower) == [0, 2, 4, 6, 8])
        #expect(bins.map(\.upper) == [2, 4, 6, 8, 10])
        #expect(bins.map(\.count) == [2, 2, 1, 0, 1])
        #expect(try histogram.dataTables()[0].csv().split(separator: "\r\n").prefix(2) == [
            "Bin lower (kW),Bin upper (kW),Bin centre (kW),Count,Density (1/kW)",
            "0.0,2.0,1.0,2,\(2.0 / 12)",
        ])
    }

    @Test func groupedBarChartWritesValuesAndBoundsPerSeries() throws {
        #expect(try SampleFigures.groupedBars.dataTables()[0].csv() == "Split,Position,transformer: RMSE (kW),transformer: lower (kW),"
            + "transformer: upper (kW),ridge: RMSE (kW),ridge: lower (kW),ridge: upper (kW)\r\n"
            + "in_distribution,1,2.0,1.5,2.2,3.0,,\r\nood load,2,5.0,,,,,\r\n")
        let script = try SampleFigures.groupedBars.gnuplotScript()
        #expect(script.contains("using ($2-0.2):3 with boxes") && script.contains("using ($2+0.2):6 with boxes"))
        // Only the series with intervals gets interval vectors.
        #expect(script.components(separatedBy: "with vectors").count == 2)
        let bad = GroupedBarChart(name: "b", title: "B", categoryLabel: "c", categories: ["a"], y: Axis("y"),
                                  series: [.init("s", values: [1, 2])])
        #expect(throws: ReportingError.invalidFigure(file: "b.svg", problem: "series 's' has 2 values and 2 intervals for 1 categories")) {
            try bad.dataTables()
        }
    }

    @Test func bandPlotWritesFourColumnsPerSeriesAndDrawsBandsFirst() throws {
        let plot = BandPlot(name: "v", title: "V", x: Axis("Bus"), y: Axis("V", unit: "p.u."), bandLabel: "range", lineLabel: "peak",
                            series: [.init("a", x: [1, 2], lower: [0.9, 0.95], upper: [1.0, 1.01], line: [0.95, 0.97]),
                                     .init("b", x: [1], lower: [0.9], upper: [1], line: [0.92])])
        #expect(try plot.dataTables()[0].csv() == "a: Bus,a: range lower (p.u.),a: range upper (p.u.),a: peak (p.u.),"
            + "b: Bus,b: range lower (p.u.),b: range upper (p.u.),b: peak (p.u.)\r\n"
            + "1.0,0.9,1.0,0.95,1.0,0.9,1.0,0.92\r\n2.0,0.95,1.01,0.97,,,,\r\n")
        let plotLine = try #require(try plot.plotCommands().last)
        let bands = plotLine.components(separatedBy: "filledcurves")
        #expect(bands.count == 3 && !bands[0].contains("linespoints") && bands[2].components(separatedBy: "linespoints").count == 3)
        let broken = BandPlot(name: "w", title: "W", x: Axis("x"), y: Axis("y"), bandLabel: "r", lineLabel: "l",
                              series: [.init("a", x: [1, 2], lower: [1], upper: [1, 2], line: [1, 2])])
        #expect(throws: ReportingError.self) { try broken.gnuplotScript() }
    }

    @Test func histogramOfEqualSamplesGetsAUnitWideRange() throws {
        let bins = try Histogram(name: "h", title: "H", x: Axis("x"), samples: [3, 3, 3], binCount: 2).bins()
        #expect(bins == [.init(lower: 2.5, upper: 3, count: 0), .init(lower: 3, upper: 3.5, count: 3)])
    }

    @Test func barChartScriptIsTheDocumentedOne() throws {
        #expect(try SampleFigures.acceptanceBars.gnuplotScript() == #"""
            # Acceptance ratio
            # Written by p2pgrid (module Reporting). Data: acceptance.csv.
            # Restyle freely, then rerun in this directory: gnuplot acceptance.gp
            set encoding utf8
            set terminal svg size 640,420 dynamic enhanced font 'sans,11'
            if (!exists("outfile")) outfile = 'acceptance.svg'
            set output outfile
            set datafile separator comma
            set title 'Acceptance ratio'
            set grid lc rgb '#d0d0d0'
            set xlabel 'Case'
            set ylabel 'Acceptance ratio'
            unset logscale y
            set yrange [0:*]
            unset xzeroaxis
            set xrange [0.5:3.5]
            set xtics nomirror ('1: no grid' 1, '2: feedback' 2, 'case\_3' 3)
            set boxwidth 0.6 absolute
            set style fill solid 0.7 border -1
            unset key
            plot 'acceptance.csv' skip 1 using 2:3 with boxes lc rgb '#3465a4' notitle, \
                 '' skip 1 using 2:($3-$4):(0):(2*$4) with vectors heads size screen 0.01,90 lc rgb '#000000' lw 1.2 notitle

            """#)
    }

    @Test func groupedBarsStartAtTheFloorOnlyWhenEveryValueIsAboveIt() throws {
        func chart(_ values: [Double]) -> GroupedBarChart {
            GroupedBarChart(name: "auc", title: "AUC", categoryLabel: "Split", categories: ["a", "b"], y: Axis("ROC AUC"),
                            series: [.init("m", values: values)], yFloor: 0.5)
        }
        #expect(try chart([0.93, 0.999]).gnuplotScript().contains("set yrange [0.5:*]\n"))
        #expect(try chart([0.42, .nan]).gnuplotScript().contains("set yrange [0:*]\n"))
    }

    @Test func axisLabelsCarryUnitsAndLogScale() throws {
        let script = try SampleFigures.trainingCurves.gnuplotScript()
        #expect(script.contains("set ylabel 'Loss (kW²)'\n"))
        #expect(script.contains("set logscale y\n"))
        #expect(script.contains("title 'validation'"))
        #expect(try SampleFigures.voltageProfile.gnuplotScript().contains("0.95 with lines dashtype 2 lc rgb '#606060' title 'V\\_min'"))
    }

    @Test func gnuplotTextEscapesQuotesAndEnhancedMarkup() {
        #expect(GnuplotText.quoted("it's a_b^{2} @ & ~ \\") == #"'it''s a\_b\^\{2\} \@ \& \~ \\'"#)
    }
}
