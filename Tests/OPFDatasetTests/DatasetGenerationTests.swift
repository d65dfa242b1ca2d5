import Foundation
import Grid
import HDF5Store
import Market
import OPF
import Testing
@testable import OPFDataset

@Suite("Dataset generation")
struct DatasetGenerationTests {
    @Test("Same seed → byte-identical file; another seed → different data")
    func reproducibleForASeed() throws {
        let directory = try DatasetFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try DatasetConfiguration(specFile: DatasetFixtures.stressedSpec)
        func bytes(seed: UInt64, _ name: String) throws -> Data {
            let path = directory.appendingPathComponent(name).path
            try DatasetWriter.write(try DatasetGenerator.generate(configuration, samples: 24, seed: seed), to: path, timingsPath: nil)
            return try Data(contentsOf: URL(fileURLWithPath: path))
        }
        let first = try bytes(seed: 5, "a.h5")
        #expect(try bytes(seed: 5, "b.h5") == first)
        #expect(try bytes(seed: 6, "c.h5") != first)
    }

    @Test("The file's bytes do not depend on where the repository is checked out")
    func independentOfLocation() throws {
        let directory = try DatasetFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("Datasets")
        try FileManager.default.copyItem(at: DatasetFixtures.repository.appendingPathComponent("Datasets"), to: copy)
        var files: [Data] = []
        for spec in [DatasetFixtures.stressedSpec, copy.appendingPathComponent("specs/ieee33-stressed.yaml").path] {
            let path = directory.appendingPathComponent("d\(files.count).h5").path
            let dataset = try DatasetGenerator.generate(try DatasetConfiguration(specFile: spec), samples: 8, seed: 3)
            try DatasetWriter.write(dataset, to: path, timingsPath: nil)
            files.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        #expect(files[0] == files[1])
    }

    @Test("Stored labels are reproduced by re-solving the stored proposals from scratch")
    func labelsReproducible() throws {
        let directory = try DatasetFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try DatasetConfiguration(specFile: DatasetFixtures.stressedSpec)
        let path = directory.appendingPathComponent("d.h5").path
        try DatasetWriter.write(try DatasetGenerator.generate(configuration, samples: 32, seed: 9), to: path, timingsPath: nil)
        let file = try HDF5File.openReadOnly(atPath: path)
        defer { try? file.close() }
        let trades = try file.read("/proposal/trades", as: Double.self).values
        let pf = try file.read("/params/power_factor", as: Double.self).values
        let loadScale = try file.read("/params/load_scale", as: Double.self).values
        let cls = try file.read("/params/c_ls", as: Double.self).values
        let lambda = try file.read("/params/lambda_corr", as: Double.self).values
        let stored = try file.read("/opf/p_acc_kw", as: Double.self).values
        let targets = try file.read("/targets", as: Float.self).values
        let m = configuration.microgrids.count
        let dso = DistributionSystemOperator(network: configuration.network, microgridBuses: configuration.microgrids.map(\.bus),
                                             formulation: configuration.formulation, warmStart: false)
        for sample in [0, 7, 16, 31] {
            let matrix = (0..<m).map { s in (0..<m).map { b in trades[sample * m * m + s * m + b] } }
            let response = try dso.respond(to: TradeProposal(
                tradesKW: matrix, loadScale: loadScale[sample], powerFactors: Array(pf[(sample * m)..<((sample + 1) * m)]),
                loadSheddingPriceRsPerKW2: cls[sample], correctionPriceRsPerKW2: lambda[sample]))
            for n in 0..<m {
                let label = stored[sample * m + n]
                #expect(abs(response.acceptedInjectionKW[n] - label) <= 1e-6 * max(1, abs(label)))
                #expect(abs(Double(targets[sample * m + n]) - label) <= 1e-6 * max(1, abs(label)))
            }
        }
    }

    @Test("SparseLDL and MUMPS generate the same samples, and workers are told which to use")
    func linearSolversAgree() throws {
        var configuration = try DatasetConfiguration(specFile: DatasetFixtures.stressedSpec)
        #expect(configuration.linearSolver == .sparseLDL)
        let ldl = try DatasetGenerator.generate(configuration, samples: 24, seed: 5).records
        configuration.linearSolver = .mumps
        let mumps = try DatasetGenerator.generate(configuration, samples: 24, seed: 5).records
        #expect(ldl.contains { $0.alpha.contains { $0 < DistributionSystemOperator.acceptanceThreshold } })
        for (a, b) in zip(ldl, mumps) {
            #expect(a.opfStatus == b.opfStatus && a.accepted == b.accepted)
            #expect(abs(a.objectiveRs - b.objectiveRs) <= 1e-7 * max(1, abs(b.objectiveRs)))
            for (x, y) in zip(a.alpha, b.alpha) { #expect(abs(x - y) <= 1e-6) }
            for (x, y) in zip(a.voltagesPU, b.voltagesPU) { #expect(abs(x - y) <= 1e-7) }
        }
        let pool = WorkerPool(executable: "p2pgrid", configuration: configuration, samples: 24, seed: 5, workers: 2)
        #expect(pool.arguments(worker: 1, scratch: "/tmp/s").suffix(2) == ["--linear-solver", "mumps"])
    }

    @Test("The stressed spec curtails some trade in 20–80 % of samples")
    func stressedCurtailmentShare() throws {
        let configuration = try DatasetConfiguration(specFile: DatasetFixtures.stressedSpec)
        let summary = try DatasetGenerator.generate(configuration, samples: 96, seed: 3).summary
        #expect(summary.solved == 96)
        #expect(summary.curtailedShare >= 0.2 && summary.curtailedShare <= 0.8)
    }

    @Test("Infeasible OPFs are kept with their status, never dropped")
    func infeasibleSamplesKept() throws {
        let directory = try DatasetFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A system whose buses must all sit 3 % below the substation's 1.0 p.u.: even the heaviest load
        // the spec draws cannot pull the buses next to the substation that low.
        let system = try String(contentsOfFile: DatasetFixtures.systemsDirectory + "/ieee33-modified.yaml", encoding: .utf8)
            .replacingOccurrences(of: "  maxPU: 1.05", with: "  maxPU: 0.97")
            .replacingOccurrences(of: "../feeders/", with: DatasetFixtures.repository.appendingPathComponent("Datasets/feeders").path + "/")
        let systemPath = directory.appendingPathComponent("impossible.yaml").path
        try system.write(toFile: systemPath, atomically: true, encoding: .utf8)
        let spec = try DatasetFixtures.stressedSpecText()
            .replacingOccurrences(of: DatasetFixtures.systemsDirectory + "/ieee33-modified.yaml", with: systemPath)
        let configuration = try DatasetConfiguration(specFile: try DatasetFixtures.writeSpec(spec, in: directory))
        let dataset = try DatasetGenerator.generate(configuration, samples: 6, seed: 1)
        let path = directory.appendingPathComponent("d.h5").path
        try DatasetWriter.write(dataset, to: path, timingsPath: nil)
        let file = try HDF5File.openReadOnly(atPath: path)
        defer { try? file.close() }
        let status = try file.read("/opf/status", as: Int32.self)
        #expect(status.shape == [6])
        #expect(status.values.allSatisfy { $0 == SampleStatusCode.code(.infeasible) }, "\(dataset.summary.statusCounts)")
        #expect(try file.read("/opf/accepted", as: UInt8.self).values.allSatisfy { $0 == 0 })
        #expect(try file.read("/inputs", as: Float.self).shape == [6, 4, 5])
        #expect(dataset.summary.statusCounts["infeasible"] == 6)
    }

    @Test("Every out-of-distribution split generates and changes what it says")
    func outOfDistributionSplits() throws {
        let base = try DatasetConfiguration(specFile: DatasetFixtures.stressedSpec)
        #expect(base.splitNames == ["in_distribution", "ood_load", "ood_prices", "ood_pv", "ood_placement", "ood_topology", "ood_feeder"])
        for split in base.splitNames.dropFirst() {
            let c = try DatasetConfiguration(specFile: DatasetFixtures.stressedSpec, split: split)
            let dataset = try DatasetGenerator.generate(c, samples: 4, seed: 2)
            #expect(dataset.summary.solved == 4, "split \(split)")
            switch split {
            case "ood_load": #expect(dataset.records.allSatisfy { $0.scenario.loadScale >= 1.1 })
            case "ood_prices": #expect(dataset.records.allSatisfy { $0.scenario.correctionPriceRsPerKW2 >= 5 })
            case "ood_pv": #expect(c.microgrids[0].photovoltaic.nominalKW == 3 * base.microgrids[0].photovoltaic.nominalKW)
            case "ood_placement": #expect(c.microgrids.map(\.bus) == [14, 24, 29, 33])
            case "ood_topology":
                #expect(c.network.branches.first { Set([$0.fromBus, $0.toBus]) == [9, 15] }?.inService == true)
                #expect(c.network.branches.first { Set([$0.fromBus, $0.toBus]) == [14, 15] }?.inService == false)
                // The closed tie carries what the opened branch carried, and is rated like it.
                let tie = c.network.branches.first { Set([$0.fromBus, $0.toBus]) == [9, 15] }
                let opened = base.network.branches.first { Set([$0.fromBus, $0.toBus]) == [14, 15] }
                #expect(tie?.rateAMVA == opened?.rateAMVA)
            case "ood_feeder": #expect(c.network.buses.count == 69 && dataset.records[0].voltagesPU.count == 69)
            default: Issue.record("untested split \(split)")
            }
        }
    }
}
