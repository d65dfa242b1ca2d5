import Foundation
import Testing
@testable import Learning

/// Each layer's backward pass against central finite differences of its forward pass.
@Suite struct LayerGradientTests {
    @Test func linearMatchesFiniteDifferences() {
        let (N, C, OC) = (3, 5, 4)
        let inp = FloatBuffer(GradientCheck.random(count: N * C, seed: 1))
        let weight = FloatBuffer(GradientCheck.random(count: OC * C, seed: 2))
        let bias = FloatBuffer(GradientCheck.random(count: OC, seed: 3))
        let out = FloatBuffer(count: N * OC)
        let c = GradientCheck.projection(count: N * OC, seed: 4)
        func loss() -> Double {
            linearForward(out: out.pointer, inp: inp.pointer, weight: weight.pointer, bias: bias.pointer, rows: N, inputs: C, outputs: OC)
            return GradientCheck.project(out.pointer, c)
        }
        let dinp = FloatBuffer(count: N * C), dweight = FloatBuffer(count: OC * C), dbias = FloatBuffer(count: OC)
        _ = loss()
        let dout = FloatBuffer(c)
        linearBackward(dinp: dinp.pointer, dweight: dweight.pointer, dbias: dbias.pointer, dout: dout.pointer,
                       inp: inp.pointer, weight: weight.pointer, rows: N, inputs: C, outputs: OC)
        #expect(GradientCheck.mismatches(of: inp, analytic: dinp.array, loss: loss).isEmpty)
        #expect(GradientCheck.mismatches(of: weight, analytic: dweight.array, loss: loss).isEmpty)
        #expect(GradientCheck.mismatches(of: bias, analytic: dbias.array, loss: loss).isEmpty)
    }

    @Test func layerNormMatchesFiniteDifferences() {
        let (N, C) = (3, 8)
        // An offset on the inputs checks that the mean is handled, not just the scale.
        let inp = FloatBuffer(GradientCheck.random(count: N * C, seed: 5).map { $0 * 2 + 0.7 })
        let weight = FloatBuffer(GradientCheck.random(count: C, seed: 6).map { 1 + $0 * 0.5 })
        let bias = FloatBuffer(GradientCheck.random(count: C, seed: 7))
        let out = FloatBuffer(count: N * C), mean = FloatBuffer(count: N), rstd = FloatBuffer(count: N)
        let c = GradientCheck.projection(count: N * C, seed: 8)
        func loss() -> Double {
            layerNormForward(out: out.pointer, mean: mean.pointer, rstd: rstd.pointer, inp: inp.pointer,
                             weight: weight.pointer, bias: bias.pointer, rows: N, channels: C)
            return GradientCheck.project(out.pointer, c)
        }
        _ = loss()
        let dinp = FloatBuffer(count: N * C), dweight = FloatBuffer(count: C), dbias = FloatBuffer(count: C)
        let dout = FloatBuffer(c)
        layerNormBackward(dinp: dinp.pointer, dweight: dweight.pointer, dbias: dbias.pointer, dout: dout.pointer,
                          inp: inp.pointer, weight: weight.pointer, mean: mean.pointer, rstd: rstd.pointer, rows: N, channels: C)
        #expect(GradientCheck.mismatches(of: inp, analytic: dinp.array, loss: loss).isEmpty)
        #expect(GradientCheck.mismatches(of: weight, analytic: dweight.array, loss: loss).isEmpty)
        #expect(GradientCheck.mismatches(of: bias, analytic: dbias.array, loss: loss).isEmpty)
    }

    @Test func layerNormOutputHasZeroMeanAndUnitVariance() {
        let (N, C) = (2, 16)
        let inp = FloatBuffer(GradientCheck.random(count: N * C, seed: 9).map { $0 * 3 + 5 })
        let ones = FloatBuffer([Float](repeating: 1, count: C)), zeros = FloatBuffer(count: C)
        let out = FloatBuffer(count: N * C), mean = FloatBuffer(count: N), rstd = FloatBuffer(count: N)
        layerNormForward(out: out.pointer, mean: mean.pointer, rstd: rstd.pointer, inp: inp.pointer,
                         weight: ones.pointer, bias: zeros.pointer, rows: N, channels: C)
        for row in 0..<N {
            let values = (0..<C).map { Double(out[row * C + $0]) }
            let m = values.reduce(0, +) / Double(C)
            let v = values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(C)
            #expect(abs(m) < 1e-6)
            #expect(abs(v - 1) < 1e-4)
        }
    }

    @Test func geluMatchesFiniteDifferencesAndKnownValues() {
        let count = 24
        let inp = FloatBuffer(GradientCheck.random(count: count, seed: 10, scale: 3))
        let out = FloatBuffer(count: count)
        let c = GradientCheck.projection(count: count, seed: 11)
        func loss() -> Double {
            geluForward(out: out.pointer, inp: inp.pointer, count: count)
            return GradientCheck.project(out.pointer, c)
        }
        _ = loss()
        let dinp = FloatBuffer(count: count), dout = FloatBuffer(c)
        geluBackward(dinp: dinp.pointer, inp: inp.pointer, dout: dout.pointer, count: count)
        #expect(GradientCheck.mismatches(of: inp, analytic: dinp.array, loss: loss).isEmpty)
        // x·Φ(x) at x = 1: Φ(1) = 0.841344746 (standard normal table).
        let one = FloatBuffer([1]), result = FloatBuffer(count: 1)
        geluForward(out: result.pointer, inp: one.pointer, count: 1)
        #expect(abs(result[0] - 0.841344746) < 1e-6)
    }

    @Test func residualPassesGradientToBothInputs() {
        let count = 6
        let a = FloatBuffer(GradientCheck.random(count: count, seed: 12))
        let b = FloatBuffer(GradientCheck.random(count: count, seed: 13))
        let c = GradientCheck.projection(count: count, seed: 14)
        func loss() -> Double {
            let sum = FloatBuffer(a.array)
            residualForward(stream: sum.pointer, branch: b.pointer, count: count)
            return GradientCheck.project(sum.pointer, c)
        }
        let da = FloatBuffer(count: count), db = FloatBuffer(count: count), dout = FloatBuffer(c)
        residualBackward(da: da.pointer, db: db.pointer, dout: dout.pointer, count: count)
        #expect(GradientCheck.mismatches(of: a, analytic: da.array, loss: loss).isEmpty)
        #expect(GradientCheck.mismatches(of: b, analytic: db.array, loss: loss).isEmpty)
    }

    @Test func maskedMSEMatchesFiniteDifferencesAndIgnoresMaskedRows() {
        let (N, T) = (4, 2)
        let prediction = FloatBuffer(GradientCheck.random(count: N * T, seed: 15))
        let target = FloatBuffer(GradientCheck.random(count: N * T, seed: 16))
        let weight = FloatBuffer([1, 0, 1, 1])
        func loss() -> Double {
            mseLossForwardBackward(dprediction: nil, prediction: prediction.pointer, target: target.pointer,
                                   weight: weight.pointer, rows: N, targets: T, normalizer: 6)
        }
        let dprediction = FloatBuffer(count: N * T)
        let value = mseLossForwardBackward(dprediction: dprediction.pointer, prediction: prediction.pointer, target: target.pointer,
                                           weight: weight.pointer, rows: N, targets: T, normalizer: 6)
        var expected = 0.0
        for row in [0, 2, 3] { for t in 0..<T { let d = Double(prediction[row * T + t] - target[row * T + t]); expected += d * d } }
        #expect(abs(value - expected / 6) < 1e-6)
        #expect(dprediction[2] == 0 && dprediction[3] == 0)
        #expect(GradientCheck.mismatches(of: prediction, analytic: dprediction.array, loss: loss).isEmpty)
    }
}

/// The branch-free erf and exp used by GELU against glibc's `erff` and `expf`.
@Suite struct FastErfTests {
    @Test func matchesTheCLibraryToAFewUlp() {
        var worst: Float = 0
        for i in -60_000...60_000 {
            let x = Float(i) * 1e-4
            worst = max(worst, abs(fastErf(x) - erff(x)))
        }
        // erf ∈ [−1, 1], where one ulp is at most 1.2e-7.
        #expect(worst < 5e-7, "largest difference \(worst)")
        #expect(fastErf(10) == 1 && fastErf(-10) == -1 && fastErf(0) == 0)
    }

    @Test func fastExpMatchesTheCLibraryOverTheGaussianRange() {
        var worst: Float = 0
        // Below −87 the result would be subnormal; the clamp returns ≈ 1.6e-38 there, which is 0 to GELU.
        for i in 0..<87_000 {
            let x = -Float(i) * 1e-3
            let reference = expf(x)
            worst = max(worst, abs(fastExpNonPositive(x) - reference) / reference)
        }
        #expect(worst < 5e-7, "largest relative difference \(worst)")
        #expect(fastExpNonPositive(0) == 1 && fastExpNonPositive(-200) < 1e-37)
    }
}
