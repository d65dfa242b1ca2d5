import Testing
@testable import Learning
import SeededRandom

/// Whole-network backward passes against finite differences — through both
/// token heads and the pooled proposal head — and the parameter count.
@Suite struct ModelGradientTests {
    static let small = TransformerConfig(featureCount: 3, tokenCount: 4, width: 8, headCount: 2,
                                         layerCount: 2, feedForwardWidth: 16)

    /// Checks every parameter of `network` on two samples for the scalar
    /// `Σ c·tokenOutput + Σ e·proposalLogit` with fixed random c, e.
    func check<Network: ResponseNetwork>(_ network: Network, keyMask: [Float]?) {
        let B = 2
        var values = [Float](repeating: 0, count: network.layout.count)
        var generator = SeededGenerator(seed: 30)
        network.initialize(parameters: &values, generator: &generator)
        // Perturb LayerNorm gains/biases and the slot embedding away from
        // their initial 1/0/small values so that every term is exercised.
        for i in values.indices { values[i] += Float(0.1 * generator.nextNormal()) }
        let parameters = FloatBuffer(values)
        let inputs = FloatBuffer(GradientCheck.random(count: B * network.tokenCount * network.featureCount, seed: 31, scale: 1.5))
        let mask = keyMask.map(FloatBuffer.init)
        let activations = network.makeActivations(capacity: B)
        let outputCount = B * network.tokenCount * TokenOutput.count
        let c = GradientCheck.projection(count: outputCount, seed: 32), e = GradientCheck.projection(count: B, seed: 33)
        func loss() -> Double {
            network.forward(parameters: parameters.pointer, inputs: inputs.pointer, keyMask: mask?.pointer, samples: B, activations: activations)
            return GradientCheck.project(activations.tokenOutput, c) + GradientCheck.project(activations.proposalLogit, e)
        }
        _ = loss()
        let gradients = FloatBuffer(count: network.layout.count), dtoken = FloatBuffer(c), dproposal = FloatBuffer(e)
        network.backward(parameters: parameters.pointer, gradients: gradients.pointer, tokenOutputGradient: dtoken.pointer,
                         proposalLogitGradient: dproposal.pointer, inputs: inputs.pointer, keyMask: mask?.pointer, samples: B,
                         activations: activations)
        let bad = GradientCheck.mismatches(of: parameters, analytic: gradients.array, loss: loss)
        let names = bad.prefix(5).map { entry in (network.layout.tensors.last { $0.offset <= entry.0 }!.name, entry.1, entry.2) }
        #expect(bad.count == 0, "\(bad.count) of \(network.layout.count) mismatch, e.g. \(names)")
        // A parameter that changes the loss must have a non-zero gradient somewhere in every tensor.
        for tensor in network.layout.tensors {
            let norm = (tensor.offset..<(tensor.offset + tensor.count)).map { abs(gradients[$0]) }.max()!
            #expect(norm > 0, "tensor \(tensor.name) got no gradient")
        }
    }

    @Test func transformerMatchesFiniteDifferences() { check(TransformerNetwork(config: Self.small), keyMask: nil) }

    @Test func transformerWithKeyMaskMatchesFiniteDifferences() {
        check(TransformerNetwork(config: Self.small), keyMask: [1, 1, 0, 1, 0, 1, 1, 1])
    }

    @Test func transformerWithoutSlotEmbeddingMatchesFiniteDifferences() {
        var config = Self.small
        config.usesSlotEmbedding = false
        check(TransformerNetwork(config: config), keyMask: nil)
    }

    @Test func mlpMatchesFiniteDifferences() {
        check(MLPNetwork(config: MLPConfig(featureCount: 3, tokenCount: 4, hiddenWidth: 8)), keyMask: nil)
    }

    @Test func mlpWithKeyMaskMatchesFiniteDifferences() {
        check(MLPNetwork(config: MLPConfig(featureCount: 3, tokenCount: 4, hiddenWidth: 8)), keyMask: [1, 0, 1, 1, 1, 1, 0, 1])
    }

    @Test func theProposalHeadReadsEveryTokenButOnlyThroughTheMean() {
        // Permuting the MGs of a placement-free model permutes the token outputs and leaves p̂_acc unchanged.
        var config = Self.small
        config.usesSlotEmbedding = false
        let network = TransformerNetwork(config: config)
        var values = [Float](repeating: 0, count: network.layout.count)
        var generator = SeededGenerator(seed: 34)
        network.initialize(parameters: &values, generator: &generator)
        let parameters = FloatBuffer(values)
        let x = GradientCheck.random(count: 4 * 3, seed: 35)
        let permuted = [2, 0, 3, 1].flatMap { Array(x[($0 * 3)..<($0 * 3 + 3)]) }
        let activations = network.makeActivations(capacity: 1)
        let original = FloatBuffer(x), reordered = FloatBuffer(permuted)
        network.forward(parameters: parameters.pointer, inputs: original.pointer, keyMask: nil, samples: 1, activations: activations)
        let logit = activations.proposalLogit[0], token2 = activations.tokenOutput[2 * TokenOutput.count + 1]
        network.forward(parameters: parameters.pointer, inputs: reordered.pointer, keyMask: nil, samples: 1, activations: activations)
        #expect(abs(activations.proposalLogit[0] - logit) < 1e-5)
        #expect(abs(activations.tokenOutput[0 * TokenOutput.count + 1] - token2) < 1e-5)
    }

    @Test func defaultTransformerHasTheReferenceParameterCountPlusTheNewHeads() {
        // 67,777 = the single-head PyTorch reference (DESIGN.md §6), + 65 for the
        // second token output and + 65 for the proposal head; breakdown in TransformerConfig.layout.
        let layout = TransformerConfig(featureCount: 5, tokenCount: 4).layout
        #expect(layout.count == 67_907)
        func size(_ name: String) -> Int { layout.tensor(named: name)!.count }
        #expect(size("embedding.weight") + size("embedding.bias") == 384)
        #expect(size("slot_embedding") == 256)
        let perLayer = layout.tensors.filter { $0.name.hasPrefix("layers.0.") }.map(\.count).reduce(0, +)
        #expect(perLayer == 33_472)
        #expect(size("final_ln.weight") + size("final_ln.bias") == 128)
        #expect(size("head.weight") + size("head.bias") == 130)
        #expect(size("proposal_head.weight") + size("proposal_head.bias") == 65)
        #expect(layout.groupNames == ["embedding", "layer0", "layer1", "head"])
        #expect(layout.tensor(named: "proposal_head.weight")!.group == 3)
        var noSlot = TransformerConfig(featureCount: 5, tokenCount: 4)
        noSlot.usesSlotEmbedding = false
        #expect(noSlot.layout.count == 67_907 - 256)
    }

    @Test func tensorsTileTheBufferWithoutGapsOrOverlap() {
        let layout = TransformerConfig(featureCount: 5, tokenCount: 4).layout
        var next = 0
        for tensor in layout.tensors {
            #expect(tensor.offset == next)
            next += tensor.count
        }
        #expect(next == layout.count)
    }

    @Test func invalidShapesAreRejectedByName() {
        let bad = TransformerConfig(featureCount: 5, tokenCount: 4, width: 30, headCount: 4)
        #expect(throws: LearningError.invalidConfiguration(field: "headCount", reason: "4 heads do not divide width 30")) { try bad.validate() }
    }
}
