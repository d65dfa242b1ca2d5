import Foundation
import HDF5Store
import Testing

/// `p2pgrid train` and `p2pgrid evaluate`, run as a user runs them: the built
/// executable in a subprocess, on tiny synthetic dataset files.
@Suite struct TrainCommandTests {
    /// A small P2P-like dataset: 4 MGs, the paper's five features, P_acc = P_net
    /// scaled down when the load is high (curtailed when by more than 0.1 kW);
    /// every tenth OPF failed.
    static func writeDataset(to path: String, samples: Int = 80, features: Int = 5, omit: String? = nil) throws {
        var state: UInt64 = 12345
        func uniform() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24)
        }
        var inputs = [Float](), targets = [Float](), status = [Int32](), accepted = [UInt8]()
        for n in 0..<samples {
            let load = 0.6 + 0.8 * uniform()
            var isAccepted: UInt8 = 1
            for _ in 0..<4 {
                let net = 20 * (uniform() - 0.5)
                let token: [Float] = [30 * load, 0.9 + 0.05 * uniform(), net, uniform(), uniform()]
                inputs += token.prefix(features)
                let pAcc = net * (1 - max(0, load - 1))
                let curtailed = abs(pAcc - net) > 0.1
                targets += [pAcc, curtailed ? 1 : 0]
                if curtailed { isAccepted = 0 }
            }
            status.append(n % 10 == 9 ? 2 : 0)
            accepted.append(isAccepted)
        }
        let file = try HDF5File.create(atPath: path)
        try file.write(inputs, shape: [samples, 4, features], to: "/inputs")
        if omit != "/targets" { try file.write(targets, shape: [samples, 4, 2], to: "/targets") }
        try file.write(status, shape: [samples], to: "/opf/status")
        try file.write(accepted, shape: [samples], to: "/opf/accepted")
        try file.setAttribute("feature_names", to: Array(["P_load_n", "pf", "P_net_n", "c_ls", "lambda_corr"].prefix(features)))
        try file.setAttribute("target_names", to: ["P_acc_n", "curtailed_n"])
        try file.close()
    }

    static func decode(_ json: String) throws -> [String: Double] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return try #require(object).compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }

    @Test func trainThenEvaluateTransformer() throws {
        let directory = try CommandLineRun.scratchDirectory().path
        let data = directory + "/data.h5", model = directory + "/model.h5"
        try Self.writeDataset(to: data)
        let train = try CommandLineRun.run(["train", "--data", data, "--out", model, "--epochs", "2", "--seed", "3", "--batch-size", "16"])
        #expect(train.status == 0, "\(train.standardError)")
        let epochLines = train.standardError.split(separator: "\n").filter { $0.hasPrefix("epoch ") }
        #expect(epochLines.count == 2)
        #expect(epochLines.first?.contains("layer1") == true)
        let evaluate = try CommandLineRun.run(["evaluate", "--model", model, "--data", data, "--json"])
        #expect(evaluate.status == 0, "\(evaluate.standardError)")
        let lines = evaluate.standardOutput.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(evaluate.standardOutput.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["n", "rmse_kw", "mae_kw", "r2", "auc", "brier", "ece", "curtailment_auc", "reliability",
                                     "accept_accuracy", "accept_precision", "accept_recall", "accept_f1"])
        let bins = try #require(object["reliability"] as? [[String: Any]])
        #expect(bins.count == 10 && bins.allSatisfy { Set($0.keys) == ["count", "mean_predicted", "observed_rate"] })
        #expect(bins.compactMap { ($0["count"] as? NSNumber)?.intValue }.reduce(0, +) == 7)
        let metrics = try Self.decode(evaluate.standardOutput)
        // 72 solved samples, 10 % held out for testing.
        #expect(metrics["n"] == 7)
        #expect(metrics["rmse_kw"]! >= metrics["mae_kw"]! && metrics["mae_kw"]! >= 0)
        #expect((0...1).contains(metrics["accept_accuracy"]!) && (0...1).contains(metrics["brier"]!) && (0...1).contains(metrics["ece"]!))
    }

    @Test func trainOnAFeatureSubsetAndEvaluateByName() throws {
        let directory = try CommandLineRun.scratchDirectory().path
        let data = directory + "/data.h5", model = directory + "/ridge.h5", fewer = directory + "/four-features.h5"
        try Self.writeDataset(to: data, samples: 200)
        let train = try CommandLineRun.run(["train", "--data", data, "--out", model, "--model", "ridge", "--features", "P_net_n,P_load_n"])
        #expect(train.status == 0, "\(train.standardError)")
        // The four-feature file lacks lambda_corr, which this model does not read.
        try Self.writeDataset(to: fewer, samples: 50, features: 4)
        let evaluate = try CommandLineRun.run(["evaluate", "--model", model, "--data", fewer, "--json"])
        #expect(evaluate.status == 0, "\(evaluate.standardError)")
        #expect(try Self.decode(evaluate.standardOutput)["r2"]! > 0.8)
        let unknown = try CommandLineRun.run(["train", "--data", data, "--out", directory + "/x.h5", "--features", "P_net_n,voltage"])
        #expect(unknown.status == 2 && unknown.standardError.contains(data) && unknown.standardError.contains("'voltage'"))
        let tolerance = try CommandLineRun.run(["evaluate", "--model", model, "--data", data, "--tolerance-kw", "0.5"])
        #expect(tolerance.status == 2 && tolerance.standardError.contains("--tolerance-kw") && tolerance.standardError.contains("p̂_acc"))
    }

    @Test func ridgeBaselineFitsTheNearlyLinearTarget() throws {
        let directory = try CommandLineRun.scratchDirectory().path
        let data = directory + "/data.h5", model = directory + "/ridge.h5"
        try Self.writeDataset(to: data, samples: 200)
        #expect(try CommandLineRun.run(["train", "--data", data, "--out", model, "--model", "ridge"]).status == 0)
        let evaluate = try CommandLineRun.run(["evaluate", "--model", model, "--data", data, "--json"])
        let metrics = try Self.decode(evaluate.standardOutput)
        // P_acc = P_net·(1 − max(0, load − 1)) is P_net up to a curtailment of at most 40 %.
        #expect(metrics["r2"]! > 0.8, "\(metrics)")
    }

    @Test func sameSeedGivesIdenticalCheckpointBytesWithOneAndTwoThreads() throws {
        let directory = try CommandLineRun.scratchDirectory().path
        let data = directory + "/data.h5"
        // 300 samples → 216 training samples per batch: four micro-batches of 64, so two threads really split the work.
        try Self.writeDataset(to: data, samples: 300)
        var files: [Data] = []
        for threads in ["1", "2"] {
            let model = directory + "/model-\(threads).h5"
            let run = try CommandLineRun.run(["train", "--data", data, "--out", model, "--epochs", "2", "--seed", "9",
                                    "--threads", threads])
            #expect(run.status == 0, "\(run.standardError)")
            files.append(try Data(contentsOf: URL(fileURLWithPath: model)))
        }
        #expect(files[0] == files[1])
    }

    @Test func badInputExitsWithStatusTwoAndNamesTheProblem() throws {
        let directory = try CommandLineRun.scratchDirectory().path
        let broken = directory + "/no-targets.h5", data = directory + "/data.h5", model = directory + "/model.h5"
        try Self.writeDataset(to: broken, omit: "/targets")
        let missing = try CommandLineRun.run(["train", "--data", broken, "--out", model, "--epochs", "1"])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains(broken) && missing.standardError.contains("/targets"))
        #expect(!FileManager.default.fileExists(atPath: model))

        let absent = try CommandLineRun.run(["train", "--data", directory + "/absent.h5", "--out", model])
        #expect(absent.status == 2 && absent.standardError.contains("absent.h5"))

        try Self.writeDataset(to: data)
        let unknownModel = try CommandLineRun.run(["train", "--data", data, "--out", model, "--model", "forest"])
        #expect(unknownModel.status == 2 && unknownModel.standardError.contains("--model"))

        #expect(try CommandLineRun.run(["train", "--data", data, "--out", model, "--model", "ridge"]).status == 0)
        let fewer = directory + "/four-features.h5"
        try Self.writeDataset(to: fewer, features: 4)
        let mismatch = try CommandLineRun.run(["evaluate", "--model", model, "--data", fewer])
        #expect(mismatch.status == 2 && mismatch.standardError.contains(fewer) && mismatch.standardError.contains("'lambda_corr'"))

        let notAModel = try CommandLineRun.run(["evaluate", "--model", data, "--data", data])
        #expect(notAModel.status == 2 && notAModel.standardError.contains(data))
    }
}
