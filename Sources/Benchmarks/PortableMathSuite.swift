import Foundation
import PortableMath
import SeededRandom

/// `math`: nanoseconds per call of PortableMath's functions against glibc's
/// (whichever variant glibc dispatched to on this CPU), over the same arguments.
let portableMathSuite = BenchmarkSuite(
    name: "math",
    summary: "PortableMath's elementary functions against glibc's, ns per call"
) {
    let count = 1 << 16
    var generator = SeededGenerator(seed: 14)
    func arguments(_ lower: Double, _ upper: Double) -> [Double] {
        (0..<count).map { _ in lower + (upper - lower) * generator.nextUnit() }
    }
    let cases: [(String, [Double], (Double) -> Double, (Double) -> Double)] = [
        ("exp", arguments(-700, 700), Portable.exp, Foundation.exp),
        ("log", arguments(1e-300, 1e300), Portable.log, Foundation.log),
        ("log1p", arguments(-0.5, 1), Portable.log1p, Foundation.log1p),
        ("log10", arguments(1e-10, 1e10), Portable.log10, Foundation.log10),
        ("sin", arguments(-10, 10), Portable.sin, Foundation.sin),
        ("cos", arguments(-10, 10), Portable.cos, Foundation.cos),
        ("sin, |x| ≤ 1e5", arguments(-1e5, 1e5), Portable.sin, Foundation.sin),
        ("tan", arguments(-10, 10), Portable.tan, Foundation.tan),
        ("atan", arguments(-10, 10), Portable.atan, Foundation.atan),
        ("asin", arguments(-1, 1), Portable.asin, Foundation.asin),
        ("acos", arguments(-1, 1), Portable.acos, Foundation.acos),
    ]
    var rows: [String] = []
    var checksum = 0.0
    // The fastest of 25 passes: the machine is shared, and the minimum is the least disturbed.
    func time(_ body: () -> Double) -> Double {
        let samples = measure(iterations: 25, warmup: 2) { checksum += body() }
        return samples.minimum / Double(count) * 1e9
    }
    for (name, xs, portable, glibc) in cases {
        let ours = time { xs.reduce(0) { $0 + portable($1) } }
        let theirs = time { xs.reduce(0) { $0 + glibc($1) } }
        rows.append(String(format: "| %@ | %.1f | %.1f | %.2f |", name, ours, theirs, ours / theirs))
    }
    let ys = arguments(-3, 3)
    let bases = arguments(0.01, 100)
    let atan2Ours = time { zip(ys, bases).reduce(0) { $0 + Portable.atan2($1.0, $1.1) } }
    let atan2Theirs = time { zip(ys, bases).reduce(0) { $0 + Foundation.atan2($1.0, $1.1) } }
    rows.append(String(format: "| atan2 | %.1f | %.1f | %.2f |", atan2Ours, atan2Theirs, atan2Ours / atan2Theirs))
    let powOurs = time { zip(bases, ys).reduce(0) { $0 + Portable.pow($1.0, $1.1 * 50) } }
    let powTheirs = time { zip(bases, ys).reduce(0) { $0 + Foundation.pow($1.0, $1.1 * 50) } }
    rows.append(String(format: "| pow | %.1f | %.1f | %.2f |", powOurs, powTheirs, powOurs / powTheirs))
    // The attention softmax's loop shape: exp over a buffer of scores ≤ 0.
    let scores = arguments(-30, 0).map(Float.init)
    var out = [Float](repeating: 0, count: count)
    let floatOurs = time { floatExpLoop(scores, &out, portable: true) }
    let floatTheirs = time { floatExpLoop(scores, &out, portable: false) }
    rows.append(String(format: "| Float exp, loop over a buffer | %.2f | %.2f | %.2f |", floatOurs, floatTheirs, floatOurs / floatTheirs))
    return """
        # math

        PortableMath (pure Swift, IEEE basic operations only, the same bits on every CPU)
        against glibc's libm as Foundation calls it, which on this CPU dispatches to its
        FMA/AVX2 variants. Fastest of 25 passes over \(count) seeded arguments, single thread,
        including the loop's summation; checksum \(checksum.isFinite ? "finite" : "not finite").

        Machine: \(machineDescription()); load average before the run: \(loadAverage()).

        | function | PortableMath ns | glibc ns | ratio |
        |---|---|---|---|
        \(rows.joined(separator: "\n"))
        """
}

/// `out[i] = e^scores[i]` in a loop the compiler can vectorise (PortableMath) or
/// with a call per element (glibc's `expf`); returns one element as a checksum.
@inline(never)
private func floatExpLoop(_ scores: [Float], _ out: inout [Float], portable: Bool) -> Double {
    scores.withUnsafeBufferPointer { x in
        out.withUnsafeMutableBufferPointer { y in
            if portable {
                for i in 0..<x.count { y[i] = Portable.exp(x[i]) }
            } else {
                for i in 0..<x.count { y[i] = Foundation.expf(x[i]) }
            }
        }
    }
    return Double(out[out.count / 2])
}
