// Module Learning — transformer predictor on flat buffers (DESIGN.md §6).

/// A fixed-size, zero-initialised Float32 buffer that owns its memory.
///
/// Parameters, gradients, Adam moments and activations all live in buffers
/// like this one so that the layers' kernels can address them as flat arrays
/// (llm.c style) without copying. Not thread-safe by itself: the trainer
/// gives every concurrent worker its own buffers.
final class FloatBuffer: @unchecked Sendable {
    /// Number of Float32 elements.
    let count: Int
    /// Start of the storage; valid for the buffer's lifetime.
    let pointer: UnsafeMutablePointer<Float>

    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    convenience init(_ values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    deinit { pointer.deallocate() }

    /// Sets every element to zero.
    func zero() { pointer.update(repeating: 0, count: count) }

    /// Copies all elements of `other` (same count) into this buffer.
    func copy(from other: FloatBuffer) {
        precondition(other.count == count, "buffer size mismatch")
        pointer.update(from: other.pointer, count: count)
    }

    /// The contents as a Swift array.
    var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    subscript(index: Int) -> Float {
        get { pointer[index] }
        set { pointer[index] = newValue }
    }
}

/// Flat Float32 storage addressed by the layer functions.
typealias FloatPointer = UnsafeMutablePointer<Float>
