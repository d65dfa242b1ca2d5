#if P2PGRID_LIBFUZZER
import Foundation

// libFuzzer's entry points (built by `make fuzz` with `-sanitize=fuzzer,address`
// and `-D P2PGRID_LIBFUZZER`). The target is named by the environment variable
// P2PGRID_FUZZ_TARGET.
//
// SwiftPM links an executable target with `main` defined as `<module>_main`
// (so that tests can link it), which takes the place of libFuzzer's own `main`:
// this one hands the command line to libFuzzer's driver.

@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                             _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                             _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("p2pgrid_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc
    var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return runFuzzerDriver(&count, &vector) { data, size in fuzzerTestOneInput(data, size) }
}

nonisolated(unsafe) private var target: FuzzTarget = .matpower
nonisolated(unsafe) private var workspace: FuzzWorkspace?

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    let environment = ProcessInfo.processInfo.environment
    guard let name = environment["P2PGRID_FUZZ_TARGET"], let chosen = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write(Data("set P2PGRID_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
        exit(2)
    }
    target = chosen
    do {
        workspace = try FuzzWorkspace(repository: environment["P2PGRID_REPOSITORY"] ?? FileManager.default.currentDirectoryPath)
    } catch {
        FileHandle.standardError.write(Data("p2pgrid-fuzz: \(error)\n".utf8))
        exit(2)
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let workspace else { return 0 }
    let input = data.map { Data(bytes: $0, count: size) } ?? Data()
    target.run(input, in: workspace)
    return 0
}
#endif
