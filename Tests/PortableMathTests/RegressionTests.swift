import Foundation
import Testing
import PortableMath

/// Guards that the algorithms do not change unnoticed (any change moves the
/// datasets' bits), that results are monotone where the functions are, and
/// that no code in Sources/ calls libm's CPU-dispatched functions again.
@Suite struct RegressionTests {
    /// FNV-1a over the bit patterns of every function at 300 seeded arguments each.
    static func goldenHash() -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ value: Double) { hash = (hash ^ value.bitPattern) &* 0x100_0000_01b3 }
        var s = ArgumentSampler(seed: 14)
        let wide = s.logUniform(-30, 30, count: 300, signed: true)
        let angles = s.uniform(-1e6, 1e6, count: 300)
        let unit = s.uniform(-1, 1, count: 300)
        for x in s.uniform(-745, 709, count: 300) { mix(Portable.exp(x)) }
        for x in wide {
            mix(Portable.log(x.magnitude)); mix(Portable.log10(x.magnitude)); mix(Portable.log1p(x.magnitude))
            mix(Portable.atan(x)); mix(Portable.pow(x.magnitude, x / 100)); mix(Portable.pow(-x.magnitude, 3))
        }
        for x in angles { mix(Portable.sin(x)); mix(Portable.cos(x)); mix(Portable.tan(x)) }
        for (x, y) in zip(unit, wide) { mix(Portable.asin(x)); mix(Portable.acos(x)); mix(Portable.atan2(y, x)) }
        for x in s.uniform(-104, 89, count: 300) { mix(Double(Portable.exp(Float(x)))) }
        return hash
    }

    @Test func resultsAreTheGoldenBits() {
        #expect(Self.goldenHash() == 3_690_701_288_319_150_050, "golden hash \(String(Self.goldenHash(), radix: 16))")
    }

    /// Along runs of consecutive Doubles across table and branch boundaries.
    @Test func monotoneWhereTheFunctionIs() {
        func expectMonotone(_ name: String, _ function: (Double) -> Double, from starts: [Double], increasing: Bool = true) {
            for start in starts {
                var x = start, previous = function(start)
                for _ in 0..<2000 {
                    x = x.nextUp
                    let value = function(x)
                    #expect(increasing ? value >= previous : value <= previous, "\(name) not monotone at \(x)")
                    previous = value
                }
            }
        }
        let centres: [Double] = (0..<128).map { 1 + Double($0) / 256 } + [0.75, 0.875, 1.5 - 0x1p-45, 2 - 0x1p-45]
        expectMonotone("log", Portable.log, from: centres.map { $0 - 0x1p-43 })
        expectMonotone("log1p", Portable.log1p, from: [-0x1p-40, 0x1p-54 - 0x1p-95, 0.5 - 0x1p-43])
        let ln2Step: Double = 0.6931471805599453 / 128
        let expStarts: [Double] = (0..<64).map { (k: Int) -> Double in Double(k) * ln2Step - 0x1p-44 }
        expectMonotone("exp", Portable.exp, from: expStarts + [-0x1p-54 - 0x1p-95])
        let atanStarts: [Double] = (0...32).map { (j: Int) -> Double in Double(j) / 32 - 0x1p-43 }
        expectMonotone("atan", Portable.atan, from: atanStarts + [16 - 0x1p-43])
        expectMonotone("sin", Portable.sin, from: [0.7853981633974483 - 0x1p-43, -0x1p-26 - 0x1p-70])
        expectMonotone("cos", Portable.cos, from: [0.7853981633974483 - 0x1p-43], increasing: false)
        expectMonotone("acos", Portable.acos, from: [-0.5 - 0x1p-43, 0.99 - 0x1p-43], increasing: false)
    }

    /// Sources/ reaches libm's elementary functions only through PortableMath
    /// (TrainingRun's `log` is its progress-message closure).
    @Test func sourcesCallNoLibmElementaryFunction() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources").standardized
        let names = "exp|expf|exp2|expm1|log|logf|log1p|log2|log10|pow|powf|sin|sinf|cos|cosf|tan|tanf|asin|acos|atan|atan2|"
            + "sinh|cosh|tanh|asinh|acosh|atanh|erf|erfc|erff|lgamma|tgamma|cbrt|hypot"
        let call = try NSRegularExpression(pattern: "(?<![.\\w])(\(names))\\s*\\(")
        var offenders: [String] = []
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String } ?? []
        for file in files where file.hasSuffix(".swift") && !file.hasPrefix("PortableMath/") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = String(line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                for match in call.matches(in: code, range: NSRange(code.startIndex..., in: code)) {
                    let name = (code as NSString).substring(with: match.range(at: 1))
                    if file.hasSuffix("TrainingRun.swift") && name == "log" { continue }
                    offenders.append("\(file):\(number + 1): \(name)(")
                }
            }
        }
        #expect(offenders.isEmpty, "libm calls: \(offenders)")
    }
}
