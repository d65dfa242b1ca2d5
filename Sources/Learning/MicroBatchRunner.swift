import CBLAS
import Foundation

/// Runs a network over batches split into fixed-size micro-batches on
/// several threads, with a result that does not depend on the thread count.
///
/// Why: OpenBLAS's own threading would make the reduction order depend on
/// the number of threads, and 256-row products are too small for it to pay.
/// Instead every micro-batch (a fixed number of samples, independent of the
/// threads) gets its own gradient buffer, threads pick micro-batches
/// round-robin, and the buffers are summed in micro-batch order afterwards.
/// OpenBLAS is kept single-threaded inside each worker.
final class MicroBatchRunner<Network: RegressionNetwork>: @unchecked Sendable {
    /// Per-thread storage.
    final class Worker: @unchecked Sendable {
        let activations: Network.Activations
        let inputs: FloatBuffer, targets: FloatBuffer, outputGradient: FloatBuffer
        init(network: Network, microBatch: Int) {
            activations = network.makeActivations(capacity: microBatch)
            inputs = FloatBuffer(count: microBatch * network.tokenCount * network.featureCount)
            targets = FloatBuffer(count: microBatch * network.tokenCount * network.targetCount)
            outputGradient = FloatBuffer(count: microBatch * network.tokenCount * network.targetCount)
        }
    }

    let network: Network
    let microBatch: Int
    let threadCount: Int
    private let workers: [Worker]
    private var chunkGradients: [FloatBuffer] = []
    private let chunkLosses: UnsafeMutablePointer<Double>
    private let maximumChunks: Int

    init(network: Network, microBatch: Int, threadCount: Int, maximumBatch: Int) {
        openblas_set_num_threads(1)
        self.network = network
        self.microBatch = microBatch
        self.threadCount = max(1, threadCount)
        workers = (0..<max(1, threadCount)).map { _ in Worker(network: network, microBatch: microBatch) }
        maximumChunks = max(1, (maximumBatch + microBatch - 1) / microBatch)
        chunkLosses = .allocate(capacity: maximumChunks)
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

    /// Copies the samples `samples[range]` of standardised `[N, M, F]` inputs
    /// (and, if given, `[N, M, T]` targets) into the worker's contiguous buffers.
    private func gather(_ samples: ArraySlice<Int>, inputs: FloatPointer, targets: FloatPointer?, into worker: Worker) {
        let inputStride = network.tokenCount * network.featureCount
        let targetStride = network.tokenCount * network.targetCount
        for (position, sample) in samples.enumerated() {
            (worker.inputs.pointer + position * inputStride).update(from: inputs + sample * inputStride, count: inputStride)
            if let targets {
                (worker.targets.pointer + position * targetStride).update(from: targets + sample * targetStride, count: targetStride)
            }
        }
    }

    /// Mean-squared-error gradient of the batch `samples` into `gradients`
    /// (overwritten); returns the batch's mean loss.
    func gradient(parameters: FloatPointer, samples: ArraySlice<Int>, inputs: FloatPointer, targets: FloatPointer,
                  into gradients: FloatBuffer) -> Double {
        let chunks = (samples.count + microBatch - 1) / microBatch
        precondition(chunks <= maximumChunks, "batch larger than the runner was built for")
        while chunkGradients.count < chunks { chunkGradients.append(FloatBuffer(count: gradients.count)) }
        let normalizer = Double(samples.count * network.tokenCount * network.targetCount)
        let start = samples.startIndex
        forEachChunk(chunks) { chunk, worker in
            let lower = start + chunk * microBatch, upper = min(lower + microBatch, samples.endIndex)
            let count = upper - lower
            gather(samples[lower..<upper], inputs: inputs, targets: targets, into: worker)
            network.forward(parameters: parameters, inputs: worker.inputs.pointer, keyMask: nil, samples: count,
                            activations: worker.activations)
            chunkLosses[chunk] = mseLossForwardBackward(
                dprediction: worker.outputGradient.pointer, prediction: worker.activations.output, target: worker.targets.pointer,
                weight: nil, rows: count * network.tokenCount, targets: network.targetCount, normalizer: normalizer)
            chunkGradients[chunk].zero()
            network.backward(parameters: parameters, gradients: chunkGradients[chunk].pointer,
                             outputGradient: worker.outputGradient.pointer, inputs: worker.inputs.pointer, keyMask: nil,
                             samples: count, activations: worker.activations)
        }
        gradients.copy(from: chunkGradients[0])
        for chunk in 1..<max(chunks, 1) {
            let source = chunkGradients[chunk].pointer, target = gradients.pointer
            for i in 0..<gradients.count { target[i] += source[i] }
        }
        var loss = 0.0
        for chunk in 0..<chunks { loss += chunkLosses[chunk] }
        return loss
    }

    /// Mean-squared error over `samples` (standardised units), computed in
    /// micro-batch chunks of at most `maximumChunks` at a time.
    func meanSquaredError(parameters: FloatPointer, samples: [Int], inputs: FloatPointer, targets: FloatPointer) -> Double {
        guard !samples.isEmpty else { return .nan }
        let normalizer = Double(samples.count * network.tokenCount * network.targetCount)
        var total = 0.0
        var batchStart = 0
        while batchStart < samples.count {
            let batchEnd = min(batchStart + maximumChunks * microBatch, samples.count)
            let chunks = (batchEnd - batchStart + microBatch - 1) / microBatch
            forEachChunk(chunks) { chunk, worker in
                let lower = batchStart + chunk * microBatch, upper = min(lower + microBatch, batchEnd)
                gather(samples[lower..<upper], inputs: inputs, targets: targets, into: worker)
                network.forward(parameters: parameters, inputs: worker.inputs.pointer, keyMask: nil, samples: upper - lower,
                                activations: worker.activations)
                chunkLosses[chunk] = mseLossForwardBackward(
                    dprediction: nil, prediction: worker.activations.output, target: worker.targets.pointer, weight: nil,
                    rows: (upper - lower) * network.tokenCount, targets: network.targetCount, normalizer: normalizer)
            }
            for chunk in 0..<chunks { total += chunkLosses[chunk] }
            batchStart = batchEnd
        }
        return total
    }

    /// Predictions `[count, M, T]` for `count` consecutive standardised samples `[count, M, F]`.
    func predict(parameters: FloatPointer, inputs: FloatPointer, count: Int, into output: FloatPointer) {
        let inputStride = network.tokenCount * network.featureCount
        let outputStride = network.tokenCount * network.targetCount
        let chunks = (count + microBatch - 1) / microBatch
        forEachChunk(chunks) { chunk, worker in
            let lower = chunk * microBatch, upper = min(lower + microBatch, count)
            network.forward(parameters: parameters, inputs: inputs + lower * inputStride, keyMask: nil, samples: upper - lower,
                            activations: worker.activations)
            (output + lower * outputStride).update(from: worker.activations.output, count: (upper - lower) * outputStride)
        }
    }
}
