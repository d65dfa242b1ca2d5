import Testing
@testable import ResultComparison

/// The rule `|a − b| ≤ atol + rtol·|b|` as numpy.isclose states it, and which tolerance applies to what.
@Suite struct ToleranceTests {
    @Test func acceptsUpToAbsolutePlusRelativeOfTheReference() {
        let tolerance = Tolerance(relative: 1e-3, absolute: 1e-6)
        #expect(tolerance.accepts(1000.999, 1000))
        #expect(!tolerance.accepts(1001.01, 1000))
        // The reference is b: the bound scales with |b|, not |a|.
        #expect(tolerance.accepts(0, 1e-6))
        #expect(!tolerance.accepts(1e-6, -1e-6))
        #expect(tolerance.accepts(-0.0, 0.0))
    }

    @Test func nanEqualsNanAndInfinitiesOnlyThemselves() {
        let loose = Tolerance(relative: 1, absolute: 1e300)
        #expect(loose.accepts(.nan, .nan))
        #expect(!loose.accepts(.nan, 1))
        #expect(!loose.accepts(1, .nan))
        #expect(loose.accepts(.infinity, .infinity))
        #expect(!loose.accepts(.infinity, -.infinity))
        #expect(!loose.accepts(.infinity, 1e308))
    }

    @Test func float32UsesItsOwnDefaultsUnlessTheUserGivesOne() {
        let defaults = ComparisonTolerances.defaults
        #expect(defaults.forFloat(bits: 64) == Tolerance(relative: 1e-6, absolute: 1e-9))
        #expect(defaults.forFloat(bits: 32) == Tolerance(relative: 1e-5, absolute: 1e-6))
        #expect(defaults.forFloat(bits: 16) == defaults.float32)
        let given = ComparisonTolerances(relative: 1e-3, absolute: nil)
        #expect(given.float64 == Tolerance(relative: 1e-3, absolute: 1e-9))
        #expect(given.float32 == Tolerance(relative: 1e-3, absolute: 1e-6))
        #expect(ComparisonTolerances(relative: nil, absolute: nil) == defaults)
    }

    @Test func statisticsKeepTheLargestDifferencesAndWhereTheyAre() {
        var statistics = DifferenceStatistics<Int>()
        let tolerance = Tolerance(relative: 0, absolute: 0.5)
        statistics.add(1, 1, tolerance: tolerance, at: 0)
        statistics.add(2.2, 2, tolerance: tolerance, at: 1)
        statistics.add(0.3, 0, tolerance: tolerance, at: 2)
        statistics.add(13, 10, tolerance: tolerance, at: 3)
        statistics.add(.nan, .nan, tolerance: tolerance, at: 4)
        #expect(statistics.compared == 5)
        #expect(statistics.differing == 3)
        #expect(statistics.beyondTolerance == 1)
        #expect(statistics.largestAbsolute?.value == 3)
        #expect(statistics.largestAbsolute?.at == 3)
        // 0.3 against a reference of 0 is infinitely far in relative terms.
        #expect(statistics.largestRelative?.value == .infinity)
        #expect(statistics.largestRelative?.at == 2)
    }

    @Test func integersAreExact() {
        var statistics = DifferenceStatistics<Int>()
        statistics.add(Int64(3_790_049_111_162_640_808), 3_790_049_111_162_640_809, at: 7)
        #expect(statistics.beyondTolerance == 1)
        #expect(statistics.largestAbsolute?.at == 7)
    }
}
