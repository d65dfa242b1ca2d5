import Foundation
import Testing
@testable import Learning

/// Adam/AdamW, the learning-rate schedule and gradient clipping against their formulas.
@Suite struct OptimizerTests {
    var layout: ParameterLayout {
        var layout = ParameterLayout()
        layout.beginGroup("a")
        layout.add("w", [2], decays: true)
        layout.beginGroup("b")
        layout.add("bias", [1])
        return layout
    }

    @Test func adamStepsFollowKingmaAndBa() {
        let p = FloatBuffer([1, -2, 0.5]), m = FloatBuffer(count: 3), v = FloatBuffer(count: 3)
        let adam = AdamOptimizer()
        // Step 1: bias-corrected m̂ = g, v̂ = g², so each parameter moves by lr·g/(|g| + ε) ≈ lr·sign(g).
        let g1 = FloatBuffer([0.3, -4, 1e-3])
        adam.update(parameters: p.pointer, gradients: g1.pointer, firstMoment: m.pointer, secondMoment: v.pointer,
                    layout: layout, step: 1, learningRate: 0.1)
        #expect(abs(p[0] - 0.9) < 1e-6 && abs(p[1] - -1.9) < 1e-6 && abs(p[2] - 0.4) < 1e-5)
        // Step 2 against the formulas evaluated here in Double.
        let g2: [Double] = [-0.1, 2, 1e-3]
        let g2Buffer = FloatBuffer(g2.map(Float.init))
        let before = p.array
        adam.update(parameters: p.pointer, gradients: g2Buffer.pointer, firstMoment: m.pointer, secondMoment: v.pointer,
                    layout: layout, step: 2, learningRate: 0.1)
        let g1d: [Double] = [0.3, -4, 1e-3]
        for i in 0..<3 {
            let m2 = 0.9 * 0.1 * Double(Float(g1d[i])) + 0.1 * Double(Float(g2[i]))
            let v2 = 0.999 * 0.001 * pow(Double(Float(g1d[i])), 2) + 0.001 * pow(Double(Float(g2[i])), 2)
            let expected = Double(before[i]) - 0.1 * (m2 / (1 - 0.81)) / ((v2 / (1 - 0.999 * 0.999)).squareRoot() + 1e-8)
            #expect(abs(Double(p[i]) - expected) < 1e-6)
        }
    }

    @Test func adamWDecaysOnlyMarkedTensors() {
        let p = FloatBuffer([1, 1, 1]), m = FloatBuffer(count: 3), v = FloatBuffer(count: 3), g = FloatBuffer(count: 3)
        AdamOptimizer(weightDecay: 0.1).update(parameters: p.pointer, gradients: g.pointer, firstMoment: m.pointer,
                                               secondMoment: v.pointer, layout: layout, step: 1, learningRate: 0.5)
        // Zero gradient: only the decoupled decay lr·λ·p = 0.05 acts, and only on the matrix "w".
        #expect(abs(p[0] - 0.95) < 1e-7 && abs(p[1] - 0.95) < 1e-7 && p[2] == 1)
    }

    @Test func scheduleWarmsUpLinearlyThenFollowsACosine() {
        let s = LearningRateSchedule(peak: 1e-3, minimum: 1e-5, warmupSteps: 10, totalSteps: 110)
        #expect(abs(s.learningRate(atStep: 0) - 1e-4) < 1e-15)
        #expect(abs(s.learningRate(atStep: 4) - 5e-4) < 1e-15)
        #expect(abs(s.learningRate(atStep: 10) - 1e-3) < 1e-15)
        #expect(abs(s.learningRate(atStep: 60) - (1e-3 + 1e-5) / 2) < 1e-12)
        #expect(abs(s.learningRate(atStep: 110) - 1e-5) < 1e-15)
        #expect(abs(s.learningRate(atStep: 500) - 1e-5) < 1e-15)
        let rates = (10...110).map(s.learningRate(atStep:))
        #expect(zip(rates, rates.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test func clippingScalesToTheMaximumNormAndLeavesSmallGradientsAlone() {
        let g = FloatBuffer([3, 4, 0])
        let norms = GradientNorms(gradients: g.pointer, layout: layout)
        #expect(norms.global == 5 && norms.perGroup == [5, 0])
        clipGradients(g.pointer, count: 3, globalNorm: norms.global, maxNorm: 1)
        #expect(abs(GradientNorms(gradients: g.pointer, layout: layout).global - 1) < 1e-6)
        #expect(abs(g[0] / g[1] - 0.75) < 1e-6)
        let small = FloatBuffer([0.3, 0.4, 0])
        #expect(clipGradients(small.pointer, count: 3, globalNorm: 0.5, maxNorm: 1) == 1)
        #expect(small.array == [0.3, 0.4, 0])
    }
}
