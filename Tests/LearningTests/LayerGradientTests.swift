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

    @Test func maskedMSEReadsOneColumnMatchesFiniteDifferencesAndIgnoresMaskedRows() {
        // Column 0 of a [N, 2] matrix, as the token heads lay out P̂_acc next to the curtailment logit.
        let (N, stride) = (4, 2)
        let prediction = FloatBuffer(GradientCheck.random(count: N * stride, seed: 15))
        let target = FloatBuffer(GradientCheck.random(count: N, seed: 16))
        let weight = FloatBuffer([1, 0, 1, 1])
        func loss() -> Double {
            mseLossForwardBackward(dprediction: nil, prediction: prediction.pointer, stride: stride, target: target.pointer,
                                   weight: weight.pointer, rows: N, normalizer: 3)
        }
        let dprediction = FloatBuffer(GradientCheck.random(count: N * stride, seed: 17))
        let untouched = dprediction.array
        let value = mseLossForwardBackward(dprediction: dprediction.pointer, prediction: prediction.pointer, stride: stride,
                                           target: target.pointer, weight: weight.pointer, rows: N, normalizer: 3)
        var expected = 0.0
        for row in [0, 2, 3] { let d = Double(prediction[row * stride] - target[row]); expected += d * d }
        #expect(abs(value - expected / 3) < 1e-6)
        #expect(dprediction[2] == 0)
        for row in 0..<N { #expect(dprediction[row * stride + 1] == untouched[row * stride + 1], "column 1 must not be written") }
        var analytic = dprediction.array
        for row in 0..<N { analytic[row * stride + 1] = 0 }
        #expect(GradientCheck.mismatches(of: prediction, analytic: analytic, loss: loss).isEmpty)
    }

    @Test func binaryCrossEntropyMatchesFiniteDifferencesAndTheNaiveFormula() {
        // Column 1 of a [N, 2] matrix, masked row 3, gradient scaled by w = 0.7.
        let (N, stride) = (6, 2)
        let logit = FloatBuffer(GradientCheck.random(count: N * stride, seed: 18, scale: 3))
        let target = FloatBuffer([1, 0, 1, 0, 0, 1])
        let weight = FloatBuffer([1, 1, 1, 0, 1, 1])
        func loss() -> Double {
            bceWithLogitsLossForwardBackward(dlogit: nil, logit: logit.pointer + 1, stride: stride, target: target.pointer,
                                             weight: weight.pointer, rows: N, normalizer: 5)
        }
        let dlogit = FloatBuffer(count: N * stride)
        let value = bceWithLogitsLossForwardBackward(dlogit: dlogit.pointer + 1, logit: logit.pointer + 1, stride: stride,
                                                     target: target.pointer, weight: weight.pointer, rows: N, normalizer: 5,
                                                     gradientScale: 0.7)
        // Reference: −y log σ(z) − (1 − y) log(1 − σ(z)), fine for |z| ≤ 3.
        var expected = 0.0
        for row in [0, 1, 2, 4, 5] {
            let z = Double(logit[row * stride + 1]), y = Double(target[row]), p = 1 / (1 + exp(-z))
            expected += -y * log(p) - (1 - y) * log(1 - p)
        }
        #expect(abs(value - expected / 5) < 1e-12)
        #expect(dlogit[3 * stride + 1] == 0)
        let scaledBack = dlogit.array.map { $0 / 0.7 }
        #expect(GradientCheck.mismatches(of: logit, analytic: scaledBack, loss: loss).isEmpty)
    }

    @Test func binaryCrossEntropyIsFiniteAndExactForHugeLogits() {
        // The naive form overflows (e^800) or takes log 0 here; the stable one gives |z| or ~e^(−|z|).
        let logit = FloatBuffer([800, -800, 800, -800, 40])
        let target = FloatBuffer([1, 0, 0, 1, 1])
        let dlogit = FloatBuffer(count: 5)
        for row in 0..<5 {
            let value = bceWithLogitsLossForwardBackward(dlogit: dlogit.pointer + row, logit: logit.pointer + row, stride: 1,
                                                         target: target.pointer + row, weight: nil, rows: 1, normalizer: 1)
            let expected: [Double] = [0, 0, 800, 800, exp(-40)]
            #expect(abs(value - expected[row]) <= 1e-12 * max(1, expected[row]), "row \(row): \(value)")
        }
        #expect(dlogit.array == [0, 0, 1, -1, Float(-exp(-40.0))])
    }

    @Test func maskedMeanPoolMatchesFiniteDifferences() {
        let (B, M, C) = (2, 3, 4)
        let inp = FloatBuffer(GradientCheck.random(count: B * M * C, seed: 19))
        let mask = FloatBuffer([1, 0, 1, 1, 1, 1])
        let out = FloatBuffer(count: B * C)
        let c = GradientCheck.projection(count: B * C, seed: 20)
        func loss() -> Double {
            meanPoolForward(out: out.pointer, inp: inp.pointer, keyMask: mask.pointer, batch: B, tokens: M, channels: C)
            return GradientCheck.project(out.pointer, c)
        }
        _ = loss()
        // Sample 0 averages tokens 0 and 2 only; sample 1 all three.
        for ch in 0..<C {
            #expect(abs(out[ch] - (inp[ch] + inp[2 * C + ch]) / 2) < 1e-6)
            #expect(abs(out[C + ch] - (inp[3 * C + ch] + inp[4 * C + ch] + inp[5 * C + ch]) / 3) < 1e-6)
        }
        let dinp = FloatBuffer(count: B * M * C), dout = FloatBuffer(c)
        meanPoolBackward(dinp: dinp.pointer, dout: dout.pointer, keyMask: mask.pointer, batch: B, tokens: M, channels: C)
        #expect(GradientCheck.mismatches(of: inp, analytic: dinp.array, loss: loss).isEmpty)
        #expect((C..<(2 * C)).allSatisfy { dinp[$0] == 0 }, "a masked token gets no gradient")
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
