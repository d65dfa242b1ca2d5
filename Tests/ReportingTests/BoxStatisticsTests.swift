import Testing
@testable import Reporting

/// Quartiles (type 7), Tukey whiskers and outliers, against values computed by hand.
@Suite struct BoxStatisticsTests {
    @Test func oddCountHasSampleQuartiles() throws {
        // n = 5: h = 4p gives 1, 2, 3 exactly → the 2nd, 3rd and 4th samples. IQR 2, fences −1 and 7.
        let s = try #require(BoxStatistics(samples: [5, 1, 4, 2, 3]))
        #expect([s.minimum, s.lowerWhisker, s.lowerQuartile, s.median, s.upperQuartile, s.upperWhisker, s.maximum] == [1, 1, 2, 3, 4, 5, 5])
        #expect(s.count == 5 && s.mean == 3 && s.outliers.isEmpty)
    }

    @Test func evenCountInterpolatesBetweenSamples() throws {
        // n = 4: h = 3p → 0.75, 1.5, 2.25 → 1.75, 2.5, 3.25.
        let s = try #require(BoxStatistics(samples: [4, 3, 2, 1]))
        #expect([s.lowerQuartile, s.median, s.upperQuartile] == [1.75, 2.5, 3.25])
        #expect([s.lowerWhisker, s.upperWhisker] == [1, 4])
    }

    @Test func highOutlierEndsTheWhiskerAtTheLastSampleInside() throws {
        // n = 6: h = 5p → 1.25, 2.5, 3.75 → 2.25, 3.5, 4.75; IQR 2.5, upper fence 8.5.
        let s = try #require(BoxStatistics(samples: [1, 2, 3, 4, 5, 100]))
        #expect([s.lowerQuartile, s.median, s.upperQuartile] == [2.25, 3.5, 4.75])
        #expect([s.lowerWhisker, s.upperWhisker, s.maximum] == [1, 5, 100])
        #expect(s.outliers == [100])
        #expect(s.mean == 115.0 / 6)
    }

    @Test func lowOutliersAreListedAscending() throws {
        // n = 7 sorted −80, −50, 10, 11, 12, 13, 14: h = 6p → 1.5, 3, 4.5 → −20, 11, 12.5; IQR 32.5,
        // fences −68.75 and 61.25, so only −80 is out and the lower whisker ends at −50.
        let s = try #require(BoxStatistics(samples: [10, 11, -50, 12, 13, -80, 14]))
        #expect([s.lowerQuartile, s.median, s.upperQuartile] == [-20, 11, 12.5])
        #expect([s.lowerWhisker, s.upperWhisker] == [-50, 14])
        #expect(s.outliers == [-80])
    }

    @Test func singleSampleIsADegenerateBox() throws {
        let s = try #require(BoxStatistics(samples: [7]))
        #expect([s.minimum, s.lowerWhisker, s.lowerQuartile, s.median, s.upperQuartile, s.upperWhisker, s.maximum] == Array(repeating: 7, count: 7))
    }

    @Test func emptyOrNonFiniteSamplesHaveNoStatistics() {
        #expect(BoxStatistics(samples: []) == nil)
        #expect(BoxStatistics(samples: [1, .nan]) == nil)
        #expect(BoxStatistics(samples: [1, .infinity]) == nil)
    }
}
