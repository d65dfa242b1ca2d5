/// Reductions over short Float32 rows with eight SIMD lanes.
///
/// The compiler keeps floating-point sums in source order, so a plain loop
/// never vectorises; these kernels fix an order (eight interleaved partial
/// sums, then the tail) that is the same on every run and thread count.

/// `Σ x[i]` over `count` values.
@inline(__always)
func vectorSum(_ x: FloatPointer, count: Int) -> Float {
    var lanes = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        lanes += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
        i += 8
    }
    var total = lanes.sum()
    while i < count { total += x[i]; i += 1 }
    return total
}

/// `Σ (x[i] − center)²` over `count` values.
@inline(__always)
func vectorSquaredDeviation(_ x: FloatPointer, center: Float, count: Int) -> Float {
    var lanes = SIMD8<Float>()
    let c = SIMD8<Float>(repeating: center)
    var i = 0
    while i + 8 <= count {
        let d = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self) - c
        lanes += d * d
        i += 8
    }
    var total = lanes.sum()
    while i < count { let d = x[i] - center; total += d * d; i += 1 }
    return total
}

/// `Σ a[i]·b[i]` over `count` values.
@inline(__always)
func vectorDot(_ a: FloatPointer, _ b: FloatPointer, count: Int) -> Float {
    var lanes = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        lanes += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
            * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
        i += 8
    }
    var total = lanes.sum()
    while i < count { total += a[i] * b[i]; i += 1 }
    return total
}

/// `Σ a[i]·b[i]·c[i]` over `count` values.
@inline(__always)
func vectorTripleDot(_ a: FloatPointer, _ b: FloatPointer, _ c: FloatPointer, count: Int) -> Float {
    var lanes = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        lanes += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
            * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
            * UnsafeRawPointer(c + i).loadUnaligned(as: SIMD8<Float>.self)
        i += 8
    }
    var total = lanes.sum()
    while i < count { total += a[i] * b[i] * c[i]; i += 1 }
    return total
}
