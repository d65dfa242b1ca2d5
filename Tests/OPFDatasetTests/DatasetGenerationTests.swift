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
        let targets = try file.read("/targets", as: Float.self)
        #expect(targets.shape == [32, configuration.microgrids.count, 2])
        #expect(try file.stringArrayAttribute("target_names") == ["P_acc_n", "curtailed_n"])
        let curtailedKW = try file.read("/opf/curtailed_kw", as: Float.self).values
        let charges = try file.read("/opf/network_charge", as: Float.self).values
        let binding = try file.read("/opf/binding", as: UInt8.self)
        #expect(binding.shape == [32, BindingConstraint.Family.allCases.count])
        let names = try file.readStrings("/opf/binding_constraints").values
        let m = configuration.microgrids.count, k = m * (m - 1)
        let dso = configuration.makeDSO(warmStart: false)
        var curtailedSamples = 0
        for sample in 0..<32 {
            let matrix = (0..<m).map { s in (0..<m).map { b in trades[sample * m * m + s * m + b] } }
            let response = try dso.respond(to: TradeProposal(
                tradesKW: matrix, loadScale: loadScale[sample], powerFactors: Array(pf[(sample * m)..<((sample + 1) * m)]),
                loadSheddingPriceRsPerKW2: cls[sample], correctionPriceRsPerKW2: lambda[sample]))
            for n in 0..<m {
                let label = stored[sample * m + n]
                #expect(abs(response.acceptedInjectionKW[n] - label) <= 1e-6 * max(1, abs(label)))
                #expect(abs(Double(targets.values[(sample * m + n) * 2]) - label) <= 1e-6 * max(1, abs(label)))
                // curtailed_n from α and the trade pairs directly, not from the response's own flag.
                let pairs = TradeProposal.tradePairs(microgridCount: m)
                let curtailed = pairs.indices.contains { pair in
                    (pairs[pair].seller == n || pairs[pair].buyer == n)
                        && response.alpha[pair] < DistributionSystemOperator.acceptanceThreshold
                }
                #expect(targets.values[(sample * m + n) * 2 + 1] == (curtailed ? 1 : 0))
            }
            for (pair, trade) in TradeProposal.tradePairs(microgridCount: m).enumerated() {
                let proposedKW = matrix[trade.seller][trade.buyer], alpha = response.alpha[pair]
                #expect(abs(Double(curtailedKW[sample * k + pair]) - (1 - alpha) * proposedKW) <= 1e-4 * max(1, proposedKW))
                let charge = (response.dlmpRsPerKWh[trade.buyer] - response.dlmpRsPerKWh[trade.seller]) * alpha * proposedKW
                #expect(abs(Double(charges[sample * k + pair]) - charge) <= 1e-4 * max(1, abs(charge)))
            }
            let families = BindingConstraint.Family.allCases
            for (f, family) in families.enumerated() {
                #expect(Int(binding.values[sample * families.count + f]) == response.binding.filter { $0.family == family }.count)
            }
            #expect(names[sample] == response.binding.map(\.description).joined(separator: "; "))
            if !response.accepted { curtailedSamples += 1 }
        }
        #expect(curtailedSamples > 0, "the stressed spec curtails some of 32 samples")
    }

    @Test("SparseLDL and MUMPS generate the same samples, and workers are told which to use")
    func linearSolversAgree() throws {
        // Ipopt's linear solvers: the SOCP solved by Ipopt, not by the default radial IPM.
        let directory = try DatasetFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try DatasetFixtures.stressedSpecText().replacingOccurrences(of: "formulation: socp", with: "formulation: socp\nsolver: ipopt")
        var configuration = try DatasetConfiguration(specFile: DatasetFixtures.writeSpec(text, in: directory))
        #expect(configuration.linearSolver == .sparseLDL && configuration.socpSolver == .ipopt)
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
        let pool = WorkerPool(executable: "p2pgrid", configuration: configuration, samples: 24, seed: 5, blocks: 0..<2, workers: 2)
        configuration.ipoptBoundRelaxFactor = 0
        let relaxed = WorkerPool(executable: "p2pgrid", configuration: configuration, samples: 24, seed: 5, blocks: 0..<2, workers: 2)
        #expect(pool.arguments(worker: 1, scratch: "/tmp/s").suffix(5) == ["--linear-solver", "mumps", "--bound-relax-factor", "1e-10", "--lifeline-stdin"])
        #expect(relaxed.arguments(worker: 1, scratch: "/tmp/s").suffix(3) == ["--bound-relax-factor", "0.0", "--lifeline-stdin"])
    }

    @Test("The stressed spec curtails some trade in 25–60 % of samples, by network limits, without shedding")
    func stressedCurtailmentShare() throws {
        let configuration = try DatasetConfiguration(specFile: DatasetFixtures.stressedSpec)
        let dataset = try DatasetGenerator.generate(configuration, samples: 160, seed: 3)
        let summary = dataset.summary
        #expect(summary.solved == 160)
        #expect(summary.curtailedShare >= 0.25 && summary.curtailedShare <= 0.6)
        // Curtailment happens only where a network limit binds (DESIGN.md §4, version 2): every
        // curtailed sample has a binding voltage, thermal or generator limit.
        let networkFamilies = Set([BindingConstraint.Family.voltage, .thermal, .generator])
        for record in dataset.records where record.curtailed {
            let bindsNetwork = BindingConstraint.Family.allCases.enumerated().contains { f, family in
                networkFamilies.contains(family) && record.bindingCounts[f] > 0
            }
            #expect(bindsNetwork, "a curtailed sample binds no network limit: \(record.bindingConstraints)")
        }
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
        #expect(try file.read("/inputs", as: Float.self).shape == [6, 4, configuration.featureSet.names(microgridCount: 4).count])
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
            case "ood_prices":
                // Above the training ranges of c_ls and λ_corr.
                #expect(dataset.records.allSatisfy { $0.scenario.correctionPriceRsPerKW2 >= base.distribution.correctionPriceRsPerKW2.upper })
                #expect(dataset.records.allSatisfy { $0.scenario.loadSheddingPriceRsPerKW2 >= base.distribution.loadSheddingPriceRsPerKW2.upper })
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
