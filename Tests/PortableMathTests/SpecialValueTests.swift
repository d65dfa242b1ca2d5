import Testing
import PortableMath

/// C99 Annex F special values, bit for bit (the sign of zero included).
@Suite struct SpecialValueTests {
    let inf = Double.infinity
    let nan = Double.nan
    let tiny = Double.leastNonzeroMagnitude
    let huge = Double.greatestFiniteMagnitude

    /// Equal as bits, with any NaN equal to any NaN.
    func same(_ a: Double, _ b: Double) -> Bool { a.isNaN ? b.isNaN : a.bitPattern == b.bitPattern }

    func expectTable(_ name: String, _ function: (Double) -> Double, _ table: [(Double, Double)]) {
        for (x, expected) in table {
            #expect(same(function(x), expected), "\(name)(\(x)) = \(function(x)), expected \(expected)")
        }
    }

    @Test func exponentialAndLogarithms() {
        expectTable("exp", Portable.exp, [(0, 1), (-0.0, 1), (inf, inf), (-inf, 0), (nan, nan), (710, inf), (-746, 0),
                                          (1, 0x1.5bf0a8b145769p1), (709.782712893384, 0x1.fffffffffff2ap1023),
                                          (-745.1332191019411, tiny), (-708.5, 0x1.cd9eda1112f58p-1023), (tiny, 1)])
        expectTable("log", Portable.log, [(1, 0), (0, -inf), (-0.0, -inf), (-1, nan), (-inf, nan), (inf, inf), (nan, nan),
                                          (tiny, -0x1.74385446d71c3p9), (huge, 0x1.62e42fefa39efp9), (2, 0x1.62e42fefa39efp-1)])
        expectTable("log1p", Portable.log1p, [(0, 0), (-0.0, -0.0), (-1, -inf), (-2, nan), (inf, inf), (-inf, nan), (nan, nan),
                                              (tiny, tiny), (-tiny, -tiny), (1, 0x1.62e42fefa39efp-1)])
        expectTable("log10", Portable.log10, [(1, 0), (0, -inf), (-0.0, -inf), (-1, nan), (inf, inf), (nan, nan), (10, 1), (0.1, -1)])
        // Exact at the representable powers of ten, which CSV number formatting relies on.
        var power = 1.0
        for k in 0...22 {
            #expect(Portable.log10(power) == Double(k), "log10(1e\(k))")
            power *= 10
        }
    }

    @Test func trigonometric() {
        for function in [Portable.sin, Portable.tan, Portable.atan, Portable.asin] {
            expectTable("odd function", function, [(0, 0), (-0.0, -0.0), (nan, nan), (tiny, tiny), (-tiny, -tiny)])
        }
        expectTable("sin", Portable.sin, [(inf, nan), (-inf, nan), (Double.pi, 0x1.1a62633145c07p-53)])
        expectTable("cos", Portable.cos, [(0, 1), (-0.0, 1), (inf, nan), (-inf, nan), (nan, nan), (Double.pi, -1)])
        expectTable("tan", Portable.tan, [(inf, nan), (-inf, nan)])
        expectTable("atan", Portable.atan, [(inf, Double.pi / 2), (-inf, -Double.pi / 2), (1, Double.pi / 4)])
        expectTable("asin", Portable.asin, [(1, Double.pi / 2), (-1, -Double.pi / 2), (1.5, nan), (-inf, nan)])
        expectTable("acos", Portable.acos, [(1, 0), (-1, Double.pi), (0, Double.pi / 2), (-0.0, Double.pi / 2),
                                            (1.5, nan), (inf, nan), (nan, nan)])
        // Far arguments go through Payne–Hanek (correctly rounded values from mpmath at 3000 bits).
        expectTable("sin", Portable.sin, [(1e22, -0x1.b453ab76bf397p-1), (huge, 0x1.452fc98b34e97p-8)])
        expectTable("cos", Portable.cos, [(1e22, 0x1.0be2cef01c8f4p-1), (huge, -0x1.fffe62ecfab75p-1)])
    }

    @Test func arctangentOfTwoArguments() {
        let pi = Double.pi, halfPi = Double.pi / 2
        let cases: [(Double, Double, Double)] = [
            (0, 1, 0), (-0.0, 1, -0.0), (0, 0, 0), (-0.0, 0, -0.0), (0, -0.0, pi), (-0.0, -0.0, -pi),
            (0, -1, pi), (-0.0, -1, -pi), (1, 0, halfPi), (-1, -0.0, -halfPi),
            (inf, inf, pi / 4), (-inf, inf, -pi / 4), (inf, -inf, 3 * pi / 4), (-inf, -inf, -3 * pi / 4),
            (inf, 1, halfPi), (-inf, -1, -halfPi), (1, inf, 0), (-1, inf, -0.0), (1, -inf, pi), (-1, -inf, -pi),
            (nan, 1, nan), (1, nan, nan), (1, 1, pi / 4), (1, -1, 3 * pi / 4), (tiny, huge, 0), (huge, tiny, halfPi),
            (tiny, -1, pi), (1e-300, 1, 1e-300),
        ]
        for (y, x, expected) in cases {
            #expect(same(Portable.atan2(y, x), expected), "atan2(\(y), \(x)) = \(Portable.atan2(y, x)), expected \(expected)")
        }
    }

    /// Annex F.9.4.4, case by case.
    @Test func power() {
        let cases: [(Double, Double, Double)] = [
            (nan, 0, 1), (nan, -0.0, 1), (1, nan, 1), (1, inf, 1), (1, -inf, 1), (nan, 1, nan), (2, nan, nan),
            (0, -3, inf), (-0.0, -3, -inf), (0, -2, inf), (-0.0, -2, inf), (-0.0, -0.5, inf), (0, -inf, inf), (-0.0, -inf, inf),
            (0, 3, 0), (-0.0, 3, -0.0), (-0.0, 2, 0), (-0.0, 0.5, 0), (0, inf, 0),
            (-1, inf, 1), (-1, -inf, 1), (0.5, -inf, inf), (-0.5, -inf, inf), (2, -inf, 0), (-2, -inf, 0),
            (0.5, inf, 0), (-0.5, inf, 0), (2, inf, inf), (-2, inf, inf),
            (-inf, -3, -0.0), (-inf, -2, 0), (-inf, -0.5, 0), (-inf, 3, -inf), (-inf, 2, inf), (-inf, 0.5, inf),
            (inf, -1, 0), (inf, 0.5, inf), (-8, 1.0 / 3, nan), (-2, 3, -8), (-2, -3, -0.125), (-2, 4, 16),
            (-2, 0x1p60, inf), (-0.5, 0x1p60, 0), (2, 1024, inf), (2, -1075, 0), (-2, -1075, -0.0), (2, -1074, tiny),
            (10, 308, 0x1.1ccf385ebc8ap1023), (10, 309, inf), (2, 0.5, 0x1.6a09e667f3bcdp0), (huge, 1, huge), (tiny, 1, tiny),
        ]
        for (x, y, expected) in cases {
            #expect(same(Portable.pow(x, y), expected), "pow(\(x), \(y)) = \(Portable.pow(x, y)), expected \(expected)")
        }
        // Exact integer powers, and 10^-k correctly rounded (it is 1/10^k, one rounding from exact).
        var power = 1.0
        for k in 0...22 {
            #expect(Portable.pow(10, Double(k)) == power && Portable.pow(10, k) == power, "10^\(k)")
            #expect(Portable.pow(10, Double(-k)) == 1 / power && Portable.pow(10, -k) == 1 / power, "10^-\(k)")
            power *= 10
        }
        for base in [3.0, 7, -3, -7] {
            for k in 0...18 { #expect(Portable.pow(base, Double(k)) == Portable.pow(base, k), "\(base)^\(k)") }
        }
        #expect(Portable.pow(2.5, 0) == 1 && Portable.pow(0, 0) == 1 && Portable.pow(2, -2) == 0.25)
    }

    @Test func floatExponential() {
        let cases: [(Float, Float)] = [
            (0, 1), (-0.0, 1), (.infinity, .infinity), (-.infinity, 0), (89, .infinity), (88.72, 0x1.fe8c9p127),
            (88.73, .infinity), (-104, 0), (-103.28, 0x1p-149), (-87.5, 0x1.b2cafp-127), (1, 0x1.5bf0a8p1),
            (-1, 0x1.78b564p-2), (Float.leastNonzeroMagnitude, 1),
        ]
        for (x, expected) in cases {
            #expect(Portable.exp(x) == expected, "exp(\(x) as Float) = \(Portable.exp(x)), expected \(expected)")
        }
        #expect(Portable.exp(Float.nan).isNaN)
    }
}
