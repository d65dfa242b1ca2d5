@testable import Learning
import SeededRandom

/// Small synthetic datasets with a known answer.
enum SyntheticData {
    /// Feature names of the paper's Table III.
    static let tableIIIFeatures = ["P_load_n", "pf", "P_net_n", "c_ls", "lambda_corr"]

    /// Targets that depend on the other MGs: `y_m = x_m0 − mean_k x_k0 + 0.5 x_m1`.
    ///
    /// A per-token model sees only `x_m`, so the best it can do leaves the
    /// other MGs' share of the mean unexplained: with M = 4 independent
    /// standard-normal features the irreducible error is Var(¼ Σ_{k≠m} x_k0)
    /// = 3/16 against a target variance of 3/4 + 1/4 = 1, i.e. a standardised
    /// MSE of about 0.19. Attention can average over tokens and get to ~0.
    /// An MG counts as curtailed when `y_m < −1`.
    static func crossToken(samples: Int, seed: UInt64) throws -> TrainingData {
        let M = 4, F = 2
        var generator = SeededGenerator(seed: seed)
        var inputs = [Float](), targets = [Float]()
        for _ in 0..<samples {
            let x = (0..<(M * F)).map { _ in Float(generator.nextNormal()) }
            let mean = (0..<M).map { x[$0 * F] }.reduce(0, +) / Float(M)
            inputs += x
            targets += (0..<M).map { x[$0 * F] - mean + 0.5 * x[$0 * F + 1] }
        }
        return try TrainingData(sampleCount: samples, tokenCount: M, featureCount: F, inputs: inputs,
                                acceptedInjectionKW: targets, curtailed: targets.map { $0 < -1 })
    }

    /// Random features, random targets and random labels: only memorisation fits them.
    static func noise(samples: Int, features: Int = 5, seed: UInt64) throws -> TrainingData {
        var generator = SeededGenerator(seed: seed)
        let inputs = (0..<(samples * 4 * features)).map { _ in Float(generator.nextNormal()) }
        let targets = (0..<(samples * 4)).map { _ in Float(generator.nextNormal()) }
        let curtailed = (0..<(samples * 4)).map { _ in generator.nextUnit() < 0.3 }
        return try TrainingData(sampleCount: samples, tokenCount: 4, featureCount: features, inputs: inputs,
                                acceptedInjectionKW: targets, curtailed: curtailed)
    }

    /// A P2P-like dataset in kW: each MG's accepted power is its proposed net
    /// position `P_net_n`, curtailed towards zero when the total load is high;
    /// an MG counts as curtailed when it loses more than 0.1 kW, and a
    /// proposal is accepted when no MG is. Some samples are marked as failed OPF runs.
    static func p2pLike(samples: Int, seed: UInt64, failedEvery: Int = 10) throws -> TrainingData {
        let M = 4
        var generator = SeededGenerator(seed: seed)
        var inputs = [Float](), targets = [Float](), curtailed = [Bool](), solved = [Bool]()
        for n in 0..<samples {
            let loadScale = 0.6 + 0.8 * generator.nextUnit()
            var nets = (0..<M).map { _ in 20 * (generator.nextUnit() - 0.5) }
            let meanNet = nets.reduce(0, +) / Double(M)
            nets = nets.map { $0 - meanNet }
            let curtailment = max(0, loadScale - 1)
            for m in 0..<M {
                let load = 30 * loadScale + 5 * generator.nextUnit()
                inputs += [Float(load), Float(0.9 + 0.05 * generator.nextUnit()), Float(nets[m]),
                           Float(generator.nextUnit()), Float(generator.nextUnit())]
                let pAcc = nets[m] * (1 - curtailment)
                targets.append(Float(pAcc))
                curtailed.append(abs(pAcc - nets[m]) > 0.1)
            }
            solved.append(failedEvery == 0 || n % failedEvery != failedEvery - 1)
        }
        return try TrainingData(sampleCount: samples, tokenCount: M, featureCount: 5, inputs: inputs,
                                acceptedInjectionKW: targets, curtailed: curtailed, solved: solved, featureNames: tableIIIFeatures)
    }

    /// A curtailment rule with a known threshold: three standard-normal
    /// features per MG (`P_load_n`, `pf`, `P_net_n`), MG m is curtailed when
    /// its `P_load_n` exceeds 0.5 (about 31 % of the MGs, so about 23 % of
    /// the proposals are accepted), and then keeps half of `P_net_n`. A
    /// model that learns the threshold separates both the MG labels and the
    /// proposal labels (AUC → 1).
    static func thresholdCurtailment(samples: Int, seed: UInt64) throws -> TrainingData {
        let M = 4, F = 3
        var generator = SeededGenerator(seed: seed)
        let inputs = (0..<(samples * M * F)).map { _ in Float(generator.nextNormal()) }
        let curtailed = (0..<(samples * M)).map { inputs[$0 * F] > 0.5 }
        let targets = (0..<(samples * M)).map { inputs[$0 * F + 2] * (curtailed[$0] ? 0.5 : 1) }
        return try TrainingData(sampleCount: samples, tokenCount: M, featureCount: F, inputs: inputs, acceptedInjectionKW: targets,
                                curtailed: curtailed, featureNames: Array(tableIIIFeatures.prefix(F)))
    }
}
