import Foundation
import Testing
import HDF5Store
@testable import ResultComparison

/// HDF5 files compared object by object: known differences found, with the right size, place and verdict.
@Suite struct HDF5ComparisonTests {
    @Test func findsTheChangedElementItsIndexAndTheStructuralDifferences() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let a = scratch.file("a.h5"), b = scratch.file("b.h5")
        try KnownDifferences.write(a, isB: false, structural: true)
        try KnownDifferences.write(b, isB: true, structural: true)
        let report = try PathComparison().compare(a, b)

        let objective = try #require(report.item("/opf/objective"))
        #expect(objective.outcome == .beyondTolerance)
        #expect(objective.detail == "float64 [4, 3]")
        #expect(objective.compared == 12)
        #expect(objective.beyondTolerance == 1)
        let absolute = try #require(objective.largestAbsolute)
        #expect(abs(absolute.value - 1e-3) < 1e-12)
        #expect(absolute.location == .element(index: KnownDifferences.changedIndex))
        let relative = try #require(objective.largestRelative)
        #expect(abs(relative.value - 1e-3 / 7.501) < 1e-12)
        #expect(relative.location == .element(index: [2, 1]))

        #expect(report.item("/removed")?.outcome == .different(reason: "only in A"))
        #expect(report.item("/removed")?.detail == "float64 [3]")
        #expect(report.item("/added")?.outcome == .different(reason: "only in B"))
        #expect(report.item("/reshaped")?.outcome == .different(reason: "float64 [2, 3] in A, float64 [3, 2] in B"))
        let split = try #require(report.item("/@split"))
        #expect(split.outcome == .beyondTolerance)
        #expect(split.textMismatches == 1)
        #expect(split.firstTextDifference == .init(location: .element(index: []), a: "in_distribution", b: "ood_load"))
        for same in ["/opf/status", "/inputs", "/@seed", "/opf/objective@units"] {
            #expect(report.item(same)?.outcome == .identical, "\(same)")
        }
        #expect(!report.isWithinTolerance)
        #expect(report.differences.map(\.name) == ["/added", "/removed", "/reshaped", "/@split", "/opf/objective"])
    }

    @Test func theVerdictFollowsTheTolerance() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let a = scratch.file("a.h5"), b = scratch.file("b.h5")
        try KnownDifferences.write(a, isB: false, structural: false)
        try KnownDifferences.write(b, isB: true, structural: false)
        func verdict(rtol: Double?, atol: Double?) throws -> ItemComparison.Outcome? {
            let comparison = PathComparison(tolerances: ComparisonTolerances(relative: rtol, absolute: atol))
            return try comparison.compare(a, b).item("/opf/objective")?.outcome
        }
        // |Δ| = 1e-3 at b = 7.501: within when atol + rtol·7.501 ≥ 1e-3.
        #expect(try verdict(rtol: nil, atol: nil) == .beyondTolerance)
        #expect(try verdict(rtol: 1.34e-4, atol: 0) == .withinTolerance)
        #expect(try verdict(rtol: 1.33e-4, atol: 0) == .beyondTolerance)
        #expect(try verdict(rtol: 0, atol: 1e-3 + 1e-12) == .withinTolerance)
        #expect(try verdict(rtol: 0, atol: 0.9e-3) == .beyondTolerance)
        #expect(try PathComparison(tolerances: .init(relative: 1e-3, absolute: nil)).compare(a, b).isWithinTolerance)
        #expect(try PathComparison().compare(a, a).items.allSatisfy { $0.outcome == .identical })
    }

    @Test func float32ValuesGetTheFloat32DefaultNanAndInfinitiesAreMatched() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let a = scratch.file("a.h5"), b = scratch.file("b.h5")
        for (path, scale) in [(a, 1.0), (b, 1 + 3e-6)] {
            let file = try HDF5File.create(atPath: path)
            try file.write([Float(1), Float(2 * scale)], shape: [2], to: "/weights")
            try file.write([1, 2 * scale], shape: [2], to: "/loads")
            try file.write([Double.nan, .infinity, path == a ? .infinity : -.infinity], shape: [3], to: "/special")
            try file.write([Double.nan, -.infinity], shape: [2], to: "/missing_values")
            try file.setAttribute("rate", to: 0.5 * scale)
            try file.close()
        }
        let report = try PathComparison().compare(a, b)
        // 3e-6 relative is within float32's rtol 1e-5 but beyond float64's 1e-6, in datasets and attributes alike.
        #expect(report.item("/weights")?.outcome == .withinTolerance)
        #expect(report.item("/loads")?.outcome == .beyondTolerance)
        #expect(report.item("/@rate")?.outcome == .beyondTolerance)
        let special = try #require(report.item("/special"))
        #expect(special.beyondTolerance == 1)
        #expect(special.largestAbsolute == LocatedDifference(value: .infinity, location: .element(index: [2])))
        #expect(report.item("/missing_values")?.outcome == .identical)
    }

    @Test func integerDatasetsOfAnyWidthAreExactAndLocatedByMultiIndex() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let a = scratch.file("a.h5"), b = scratch.file("b.h5")
        for path in [a, b] {
            let file = try HDF5File.create(atPath: path)
            var counts = [Int64](repeating: 1_000_000, count: 24)
            if path == b { counts[13] += 1 }
            try file.write(counts, shape: [2, 3, 4], to: "/binding")
            try file.write([UInt8(1), 0], shape: [2], to: "/accepted")
            try file.write(["bus 18 voltage", path == a ? "" : "line 6-26 rating"], to: "/binding_constraints")
            try file.close()
        }
        let report = try PathComparison(tolerances: .init(relative: 1, absolute: 1)).compare(a, b)
        let binding = try #require(report.item("/binding"))
        #expect(binding.outcome == .beyondTolerance)
        #expect(binding.largestAbsolute == LocatedDifference(value: 1, location: .element(index: [1, 0, 1])))
        let names = try #require(report.item("/binding_constraints"))
        #expect(names.textMismatches == 1)
        #expect(names.firstTextDifference?.location == .element(index: [1]))
        #expect(report.item("/accepted")?.outcome == .identical)
    }

    @Test func largeDatasetsAreComparedSlabBySlab() throws {
        #expect(HDF5DatasetComparison.slabs([]).map(\.offset) == [0])
        #expect(HDF5DatasetComparison.slabs([0, 5]).isEmpty)
        let slabs = HDF5DatasetComparison.slabs([3 << 19, 2])
        #expect(slabs.map(\.rows) == [0..<(1 << 19), (1 << 19)..<(2 << 19), (2 << 19)..<(3 << 19)])
        #expect(slabs.map(\.offset) == [0, 1 << 20, 2 << 20])

        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let a = scratch.file("a.h5"), b = scratch.file("b.h5")
        let count = 3 << 19
        for path in [a, b] {
            var values = (0..<count).map { Double($0) }
            if path == b { values[count - 2] += 1 }
            let file = try HDF5File.create(atPath: path)
            try file.write(values, shape: [count / 2, 2], to: "/voltages", filters: .default)
            try file.close()
        }
        let item = try #require(try PathComparison().compare(a, b).item("/voltages"))
        #expect(item.compared == count)
        #expect(item.largestAbsolute?.location == .element(index: [count / 2 - 1, 0]))
    }

    @Test func damagedOrMissingFilesAreBadInputNamingTheFile() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let good = scratch.file("good.h5"), truncated = scratch.file("truncated.h5")
        try KnownDifferences.write(good, isB: false, structural: true)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        #expect {
            try PathComparison().compare(good, truncated)
        } throws: { error in
            guard case let .hdf5(.corruptFile(file, _)) = error as? ComparisonError else { return false }
            return file == truncated
        }
        try scratch.write("not HDF5", to: "text.h5")
        #expect(throws: ComparisonError.hdf5(.notAnHDF5File(file: scratch.file("text.h5"), reason: "no HDF5 signature in its first bytes"))) {
            try PathComparison().compare(good, scratch.file("text.h5"))
        }
        #expect(throws: ComparisonError.notFound(path: scratch.file("none.h5"))) {
            try PathComparison().compare(scratch.file("none.h5"), good)
        }
        #expect(throws: ComparisonError.fileVersusFolder(file: good, folder: scratch.path)) {
            try PathComparison().compare(scratch.path, good)
        }
    }
}
