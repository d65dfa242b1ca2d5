import Foundation

/// Runs a network over batches split into fixed-size micro-batches on
/// several threads, with a result that does not depend on the thread count.
///
/// Why: splitting one product over threads would make its reduction order
/// depend on the number of threads, and 256-row products are too small for
/// that to pay. Instead every micro-batch (a fixed number of samples,
/// independent of the threads) gets its own gradient buffer, threads pick
/// micro-batches round-robin, and the buffers are summed in micro-batch
/// order afterwards. The matrix products inside a worker (DenseKernels) are
/// single-threaded and have a fixed order of their own.
final class MicroBatchRunner<Network: ResponseNetwork>: @unchecked Sendable {
    /// Per-thread storage: the gathered micro-batch and the loss gradients of both outputs.
    final class Worker: @unchecked Sendable {
        let activations: Network.Activations
        /// `[mb, M, F]`, `[mb, M]`, `[mb, M]`, `[mb]`.
        let inputs: FloatBuffer, acceptedInjection: FloatBuffer, curtailed: FloatBuffer, accepted: FloatBuffer
        /// `[mb, M, 2]` and `[mb]`.
        let tokenGradient: FloatBuffer, proposalGradient: FloatBuffer
        init(network: Network, microBatch: Int) {
            let rows = microBatch * network.tokenCount
            activations = network.makeActivations(capacity: microBatch)
            inputs = FloatBuffer(count: rows * network.featureCount)
            acceptedInjection = FloatBuffer(count: rows)
            curtailed = FloatBuffer(count: rows)
            accepted = FloatBuffer(count: microBatch)
            tokenGradient = FloatBuffer(count: rows * TokenOutput.count)
            proposalGradient = FloatBuffer(count: microBatch)
        }
    }

    let network: Network
    let microBatch: Int
    let threadCount: Int
    private let workers: [Worker]
    private var chunkGradients: [FloatBuffer] = []
    private let chunkLosses: UnsafeMutablePointer<HeadLosses>
    private let maximumChunks: Int

    init(network: Network, microBatch: Int, threadCount: Int, maximumBatch: Int) {
        self.network = network
        self.microBatch = microBatch
        self.threadCount = max(1, threadCount)
        workers = (0..<max(1, threadCount)).map { _ in Worker(network: network, microBatch: microBatch) }
        maximumChunks = max(1, (maximumBatch + microBatch - 1) / microBatch)
        chunkLosses = .allocate(capacity: maximumChunks)
        chunkLosses.initialize(repeating: .zero, count: maximumChunks)
    }

    deinit { chunkLosses.deallocate() }

    /// Calls `body(chunk, worker)` for chunks `0..<chunks`, spread over the threads.
    private func forEachChunk(_ chunks: Int, _ body: (Int, Worker) -> Void) {
        let threads = min(threadCount, chunks)
        if threads <= 1 {
            for chunk in 0..<chunks { body(chunk, workers[0]) }
            return
        }
        // Each chunk writes only its own gradient buffer and loss slot and each
        // thread only its own worker, so sharing `body` across threads is safe.
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                for chunk in stride(from: thread, to: chunks, by: threads) { body(chunk, workers[thread]) }
            }
        }
    }

    /// Copies the samples `samples` of `data` (inputs, and with `labels` the
    /// targets too) into the worker's contiguous buffers.
    private func gather(_ samples: ArraySlice<Int>, from data: StandardizedData, labels: Bool, into worker: Worker) {
        let M = network.tokenCount, inputStride = M * network.featureCount
        for (position, sample) in samples.enumerated() {
            (worker.inputs.pointer + position * inputStride).update(from: data.inputs.pointer + sample * inputStride, count: inputStride)
            guard labels else { continue }
            (worker.acceptedInjection.pointer + position * M).update(from: data.acceptedInjection.pointer + sample * M, count: M)
            (worker.curtailed.pointer + position * M).update(from: data.curtailed.pointer + sample * M, count: M)
            worker.accepted[position] = data.accepted[sample]
        }
    }

    /// The three loss terms of the worker's last forward pass over `count`
    /// samples, as shares of a batch of `batchSamples`; with
    /// `classificationWeight` it also writes the gradients of
    /// `mse + w · (tokenBCE + proposalBCE)` into the worker's gradient buffers.
    private func losses(_ worker: Worker, count: Int, batchSamples: Int, classificationWeight: Double?) -> HeadLosses {
        let M = network.tokenCount, rows = count * M
        let tokens = Double(batchSamples * M), samples = Double(batchSamples)
        let output = worker.activations.tokenOutput, gradient = classificationWeight == nil ? nil : worker.tokenGradient.pointer
        let w = classificationWeight ?? 0
        let mse = mseLossForwardBackward(
            dprediction: gradient.map { $0 + TokenOutput.acceptedInjection }, prediction: output + TokenOutput.acceptedInjection,
            stride: TokenOutput.count, target: worker.acceptedInjection.pointer, weight: nil, rows: rows, normalizer: tokens)
        let tokenBCE = bceWithLogitsLossForwardBackward(
            dlogit: gradient.map { $0 + TokenOutput.curtailmentLogit }, logit: output + TokenOutput.curtailmentLogit,
            stride: TokenOutput.count, target: worker.curtailed.pointer, weight: nil, rows: rows, normalizer: tokens, gradientScale: w)
        let proposalBCE = bceWithLogitsLossForwardBackward(
            dlogit: classificationWeight == nil ? nil : worker.proposalGradient.pointer, logit: worker.activations.proposalLogit,
            stride: 1, target: worker.accepted.pointer, weight: nil, rows: count, normalizer: samples, gradientScale: w)
        return HeadLosses(mse: mse, tokenBCE: tokenBCE, proposalBCE: proposalBCE)
    }

    /// Gradient of the batch `samples`' loss `mse + w · (tokenBCE + proposalBCE)`
    /// into `gradients` (overwritten); returns the batch's mean loss per head.
    func gradient(parameters: FloatPointer, samples: ArraySlice<Int>, data: StandardizedData, classificationWeight: Double,
                  into gradients: FloatBuffer) -> HeadLosses {
        let chunks = (samples.count + microBatch - 1) / microBatch
        precondition(chunks <= maximumChunks, "batch larger than the runner was built for")
        while chunkGradients.count < chunks { chunkGradients.append(FloatBuffer(count: gradients.count)) }
        let start = samples.startIndex
        forEachChunk(chunks) { chunk, worker in
            let lower = start + chunk * microBatch, upper = min(lower + microBatch, samples.endIndex)
            let count = upper - lower
            gather(samples[lower..<upper], from: data, labels: true, into: worker)
            network.forward(parameters: parameters, inputs: worker.inputs.pointer, keyMask: nil, samples: count,
                            activations: worker.activations)
            chunkLosses[chunk] = losses(worker, count: count, batchSamples: samples.count, classificationWeight: classificationWeight)
            chunkGradients[chunk].zero()
            network.backward(parameters: parameters, gradients: chunkGradients[chunk].pointer,
                             tokenOutputGradient: worker.tokenGradient.pointer, proposalLogitGradient: worker.proposalGradient.pointer,
                             inputs: worker.inputs.pointer, keyMask: nil, samples: count, activations: worker.activations)
        }
        gradients.copy(from: chunkGradients[0])
        for chunk in 1..<max(chunks, 1) {
            let source = chunkGradients[chunk].pointer, target = gradients.pointer
            for i in 0..<gradients.count { target[i] += source[i] }
        }
        var loss = HeadLosses.zero
        for chunk in 0..<chunks { loss = loss + chunkLosses[chunk] }
        return loss
    }

    /// Mean loss per head over `samples` (NaN for none), computed in
    /// micro-batch chunks of at most `maximumChunks` at a time.
    func losses(parameters: FloatPointer, samples: [Int], data: StandardizedData) -> HeadLosses {
        guard !samples.isEmpty else { return .unavailable }
        var total = HeadLosses.zero
        var batchStart = 0
        while batchStart < samples.count {
            let batchEnd = min(batchStart + maximumChunks * microBatch, samples.count)
            let chunks = (batchEnd - batchStart + microBatch - 1) / microBatch
            forEachChunk(chunks) { chunk, worker in
                let lower = batchStart + chunk * microBatch, upper = min(lower + microBatch, batchEnd)
                gather(samples[lower..<upper], from: data, labels: true, into: worker)
                network.forward(parameters: parameters, inputs: worker.inputs.pointer, keyMask: nil, samples: upper - lower,
                                activations: worker.activations)
                chunkLosses[chunk] = losses(worker, count: upper - lower, batchSamples: samples.count, classificationWeight: nil)
            }
            for chunk in 0..<chunks { total = total + chunkLosses[chunk] }
            batchStart = batchEnd
        }
        return total
    }

    /// Raw outputs for `samples` of `data`, in that order: token outputs
    /// `[count, M, 2]` into `tokenOutput`, acceptance logits `[count]` into `proposalLogit`.
    func predict(parameters: FloatPointer, samples: [Int], data: StandardizedData,
                 tokenOutput: FloatPointer, proposalLogit: FloatPointer) {
        let outputStride = network.tokenCount * TokenOutput.count
        let chunks = (samples.count + microBatch - 1) / microBatch
        forEachChunk(chunks) { chunk, worker in
            let lower = chunk * microBatch, upper = min(lower + microBatch, samples.count)
            gather(samples[lower..<upper], from: data, labels: false, into: worker)
            network.forward(parameters: parameters, inputs: worker.inputs.pointer, keyMask: nil, samples: upper - lower,
                            activations: worker.activations)
            (tokenOutput + lower * outputStride).update(from: worker.activations.tokenOutput, count: (upper - lower) * outputStride)
            (proposalLogit + lower).update(from: worker.activations.proposalLogit, count: upper - lower)
        }
    }
}
