import Testing
@testable import ResultComparison

/// How text is split into numbers and the text around them.
@Suite struct NumericTextTests {
    private func split(_ text: String) -> (skeleton: String, numbers: [String]) {
        let line = NumericTextLine(Array(text.utf8)[...])
        return (String(decoding: line.skeleton.map { $0 == 0 ? UInt8(ascii: "#") : $0 }, as: UTF8.self),
                line.numbers.map(\.spelling))
    }

    @Test func svgPathsMarkdownCellsAndExponents() {
        #expect(split("<path d='M61.5,399.3 L-70,1e-05'/>") == ("<path d='M#,# L#,#'/>", ["61.5", "399.3", "-70", "1e-05"]))
        #expect(split("| mlp |   0.0365 |  -2.5E+3 |") == ("| mlp |   # |  # |", ["0.0365", "-2.5E+3"]))
        #expect(split("x=.5 y=-.25") == ("x=# y=#", [".5", "-.25"]))
    }

    @Test func dashesPointsAndVersionsStayText() {
        #expect(split("buses 10-20") == ("buses #-#", ["10", "20"]))
        #expect(split("GNUPLOT 5.4.1") == ("GNUPLOT #.#", ["5.4", "1"]))
        #expect(split("in 2000.") == ("in #.", ["2000"]))
        #expect(split("ieee33-modified MG1->MG2") == ("ieee#-modified MG#->MG#", ["33", "1", "2"]))
        #expect(split("nan inf") == ("nan inf", []))
    }

    @Test func integersDecimalsAndCSVFields() {
        #expect(NumberLiteral.field("42")?.kind == .integer(42))
        #expect(NumberLiteral.field("99999999999999999999")?.kind == .longInteger)
        #expect(NumberLiteral.field("0.1")?.kind == .decimal)
        #expect(NumberLiteral.field("1e3")?.value == 1000)
        #expect(NumberLiteral.field("nan")?.value.isNaN == true)
        #expect(NumberLiteral.field("-inf")?.value == -.infinity)
        #expect(NumberLiteral.field("NaN")?.value.isNaN == true)
        #expect(NumberLiteral.field("1.0 kW") == nil)
        #expect(NumberLiteral.field("") == nil)
        #expect(NumberLiteral.field("supported") == nil)
    }

    @Test func integerLiteralsCompareExactlyDecimalsWithTolerance() throws {
        let loose = Tolerance(relative: 1e-3, absolute: 0)
        func beyond(_ a: String, _ b: String) throws -> Int {
            var statistics = DifferenceStatistics<Int>()
            NumberLiteral.compare(try #require(NumberLiteral.field(a)), try #require(NumberLiteral.field(b)),
                                  tolerance: loose, into: &statistics, at: 0)
            return statistics.beyondTolerance
        }
        #expect(try beyond("10000", "10001") == 1)
        #expect(try beyond("10000.0", "10001.0") == 0)
        #expect(try beyond("10000", "10001.0") == 0)
        #expect(try beyond("99999999999999999998", "99999999999999999999") == 1)
        #expect(try beyond("+5", "5") == 0)
    }
}
