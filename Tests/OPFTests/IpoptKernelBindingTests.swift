import Foundation
import OPF
import Testing

/// Ipopt's BLAS and libm imports resolve to this executable's CPU-independent definitions
/// (`FixedOrderBLAS`, `PortableLibm`), not to libblas.so.3 or libm.so.6: the dynamic linker binds
/// a shared library's calls to the first definition in the global scope, which is what
/// `dlsym(RTLD_DEFAULT)` returns, and `dladdr` names the object that holds it.
@Suite struct IpoptKernelBindingTests {
    static let imports = ["ddot_", "dnrm2_", "dasum_", "daxpy_", "dcopy_", "dscal_", "idamax_", "dgemv_", "dsymv_",
                          "dgemm_", "dsyrk_", "dtrsm_", "dswap_", "exp", "log", "log10", "pow"]

    /// The file mapped at `address`, from /proc/self/maps ("start-end perms offset dev inode path").
    static func mappedFile(containing address: UInt) -> String? {
        guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return nil }
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            let range = fields.first?.split(separator: "-").compactMap { UInt($0, radix: 16) } ?? []
            guard fields.count >= 6, range.count == 2, range[0] <= address, address < range[1] else { continue }
            return fields[5...].joined(separator: " ")
        }
        return nil
    }

    @Test("Each BLAS and libm function Ipopt and MUMPS import is defined by the executable", arguments: imports)
    func boundToTheExecutable(name: String) throws {
        let symbol = try #require(dlsym(nil, name),
                                  "\(name) is not defined")
        let object = try #require(Self.mappedFile(containing: UInt(bitPattern: symbol)), "\(name) is in no mapped file")
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        #expect(URL(fileURLWithPath: object).resolvingSymlinksInPath().path == URL(fileURLWithPath: executable).resolvingSymlinksInPath().path,
                "\(name) resolves to \(object)")
    }

    @Test("The bound pow gives C99's special values and exact powers (Ipopt's calls go through it)")
    func boundPow() throws {
        typealias Pow = @convention(c) (Double, Double) -> Double
        let pow = unsafeBitCast(try #require(dlsym(nil, "pow")), to: Pow.self)
        #expect(pow(2, 10) == 1024 && pow(-2, 3) == -8 && pow(0.25, 1.5) == 0.125)
        #expect(pow(-1, .infinity) == 1 && pow(.nan, 0) == 1 && pow(-8, 1.0 / 3).isNaN)
        #expect(IpoptKernelBindings.description.contains("fixed-order BLAS") && IpoptKernelBindings.description.contains("PortableLibm"))
    }
}
