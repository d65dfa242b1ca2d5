import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What decides whether a run's bytes can be reproduced elsewhere, for the
/// provenance manifest: the architecture, the CPU and its vector extensions,
/// the kernel OpenBLAS selected and the environment that steers that choice
/// and glibc's. Results do not depend on any of these on x86-64 (Ipopt's BLAS
/// and libm calls are bound to fixed-order routines and PortableMath, the
/// transformer uses its own kernels, and p2pgrid's own elementary functions
/// are PortableMath's); they are
/// recorded so a difference found by `p2pgrid diff` can be traced to them.
public struct PlatformDescription: Codable, Sendable, Equatable {
    /// `uname -m`, e.g. "x86_64".
    public var architecture: String
    /// `/proc/cpuinfo`'s model name, or "unknown".
    public var cpuModel: String
    /// The CPU's SIMD-relevant feature flags (SSE4.2, AVX, AVX2, FMA, AVX-512 family), sorted.
    public var cpuFlags: [String]
    /// The C library's version, e.g. "glibc 2.36".
    public var glibc: String
    /// The kernel OpenBLAS selected in this process (`openblas_get_corename`), when OpenBLAS is loaded.
    public var openblasCore: String?
    /// `OPENBLAS_CORETYPE`, when set.
    public var openblasCoreTypeOverride: String?
    /// `GLIBC_TUNABLES`, when set.
    public var glibcTunables: String?
    /// What Ipopt's BLAS and libm calls are bound to, with versions (nil when not known).
    public var ipoptKernels: String?

    /// Explicit values (tests).
    public init(architecture: String, cpuModel: String, cpuFlags: [String], glibc: String, openblasCore: String?,
                openblasCoreTypeOverride: String?, glibcTunables: String?, ipoptKernels: String?) {
        self.architecture = architecture
        self.cpuModel = cpuModel
        self.cpuFlags = cpuFlags
        self.glibc = glibc
        self.openblasCore = openblasCore
        self.openblasCoreTypeOverride = openblasCoreTypeOverride
        self.glibcTunables = glibcTunables
        self.ipoptKernels = ipoptKernels
    }

    /// The flags worth recording: the ones that select BLAS and libm kernels.
    static let recordedFlags: Set<String> = [
        "sse4_1", "sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl",
        "avx512ifma", "avx512vbmi", "avx512_vnni", "avx512_bf16", "avx512_fp16", "avx_vnni", "amx_tile",
    ]

    /// This process's platform; `ipoptKernels` describes what Ipopt's BLAS and libm calls are
    /// bound to (Pipeline does not link Ipopt; the command line passes it on).
    public static func detect(ipoptKernels: String?,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> PlatformDescription {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let (model, flags) = parseCPUInfo(cpuinfo)
        return PlatformDescription(architecture: machineArchitecture(), cpuModel: model,
                                   cpuFlags: flags.filter(recordedFlags.contains).sorted(), glibc: glibcVersion(),
                                   openblasCore: openblasCoreName(), openblasCoreTypeOverride: environment["OPENBLAS_CORETYPE"],
                                   glibcTunables: environment["GLIBC_TUNABLES"], ipoptKernels: ipoptKernels)
    }

    /// The first processor's model name and flags in `/proc/cpuinfo` text.
    static func parseCPUInfo(_ text: String) -> (model: String, flags: [String]) {
        var model = "unknown", flags: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard let colon = line.firstIndex(of: ":") else {
                if line.isEmpty, model != "unknown" { break }  // end of the first processor's block
                continue
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if key == "model name", model == "unknown" { model = value }
            if key == "flags", flags.isEmpty { flags = value.split(separator: " ").map(String.init) }
        }
        return (model, flags)
    }

    private static func machineArchitecture() -> String {
        var name = utsname()
        uname(&name)
        return withUnsafeBytes(of: &name.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    /// `confstr(_CS_GNU_LIBC_VERSION)`, e.g. "glibc 2.36".
    private static func glibcVersion() -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let length = confstr(Int32(_CS_GNU_LIBC_VERSION), &buffer, buffer.count)
        guard length > 0, length <= buffer.count else { return "unknown" }
        return String(decoding: buffer.prefix(length - 1).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Looked up by name in the process, since Pipeline does not link OpenBLAS: present when
    /// libblas.so.3 (Ipopt's) is OpenBLAS.
    private static func openblasCoreName() -> String? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_get_corename") else { return nil }
        typealias CoreName = @convention(c) () -> UnsafePointer<CChar>?
        return unsafeBitCast(symbol, to: CoreName.self)().map { String(cString: $0) }
    }
}
