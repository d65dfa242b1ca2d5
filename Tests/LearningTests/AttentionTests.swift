import Testing
@testable import Learning

/// Multi-head self-attention: gradients with and without a key mask, and the
/// mask's effect on the forward pass.
@Suite struct AttentionTests {
    let B = 2, M = 4, C = 8, H = 2

    func check(keyMask: [Float]?) {
        let qkv = FloatBuffer(GradientCheck.random(count: B * M * 3 * C, seed: 20, scale: 1.5))
        let out = FloatBuffer(count: B * M * C), probabilities = FloatBuffer(count: B * H * M * M)
        let mask = keyMask.map(FloatBuffer.init)
        let c = GradientCheck.projection(count: B * M * C, seed: 21)
        func loss() -> Double {
            attentionForward(out: out.pointer, probabilities: probabilities.pointer, qkv: qkv.pointer, keyMask: mask?.pointer,
                             batch: B, tokens: M, channels: C, heads: H)
            return GradientCheck.project(out.pointer, c)
        }
        _ = loss()
        let dqkv = FloatBuffer(count: B * M * 3 * C), dout = FloatBuffer(c)
        attentionBackward(dqkv: dqkv.pointer, dout: dout.pointer, qkv: qkv.pointer, probabilities: probabilities.pointer,
                          batch: B, tokens: M, channels: C, heads: H)
        let bad = GradientCheck.mismatches(of: qkv, analytic: dqkv.array, loss: loss)
        #expect(bad.count == 0, "mismatches (index, analytic, numeric): \(bad.prefix(5))")
    }

    @Test func gradientsMatchFiniteDifferences() { check(keyMask: nil) }

    @Test func maskedGradientsMatchFiniteDifferences() { check(keyMask: [1, 0, 1, 1, 1, 1, 0, 0]) }

    @Test func maskedKeysGetNoWeightAndDoNotChangeTheOutput() {
        let qkv = FloatBuffer(GradientCheck.random(count: B * M * 3 * C, seed: 22))
        let mask = FloatBuffer([1, 1, 0, 1, 1, 1, 1, 1])
        let out = FloatBuffer(count: B * M * C), probabilities = FloatBuffer(count: B * H * M * M)
        attentionForward(out: out.pointer, probabilities: probabilities.pointer, qkv: qkv.pointer, keyMask: mask.pointer,
                         batch: B, tokens: M, channels: C, heads: H)
        let before = out.array
        for h in 0..<H { for t in 0..<M {
            let row = (0..<M).map { probabilities[((0 * H + h) * M + t) * M + $0] }
            #expect(row[2] == 0)
            #expect(abs(row.reduce(0, +) - 1) < 1e-6)
        } }
        // Changing the absent MG's key and value must not change any present MG's output.
        for i in 0..<(2 * C) { qkv[(0 * M + 2) * 3 * C + C + i] += 5 }
        attentionForward(out: out.pointer, probabilities: probabilities.pointer, qkv: qkv.pointer, keyMask: mask.pointer,
                         batch: B, tokens: M, channels: C, heads: H)
        for t in [0, 1, 3] { for i in 0..<C { #expect(out[(0 * M + t) * C + i] == before[(0 * M + t) * C + i]) } }
    }

    @Test func uniformScoresAverageTheValues() {
        // Zero queries and keys give equal scores, so each head outputs the mean value.
        var values = [Float](repeating: 0, count: B * M * 3 * C)
        for b in 0..<B { for t in 0..<M { for i in 0..<C { values[(b * M + t) * 3 * C + 2 * C + i] = Float(t * 10 + i + b) } } }
        let qkv = FloatBuffer(values)
        let out = FloatBuffer(count: B * M * C), probabilities = FloatBuffer(count: B * H * M * M)
        attentionForward(out: out.pointer, probabilities: probabilities.pointer, qkv: qkv.pointer, keyMask: nil,
                         batch: B, tokens: M, channels: C, heads: H)
        for b in 0..<B { for t in 0..<M { for i in 0..<C { #expect(abs(out[(b * M + t) * C + i] - Float(15 + i + b)) < 1e-5) } } }
    }
}
