import PortableMath

// The four elementary functions Ipopt 3.11 imports from libm (`nm -D --undefined-only
// libipopt.so.1`: exp, log, log10, pow; sqrt is exact by IEEE 754), defined under their C
// names by the executable, so the dynamic linker binds Ipopt's calls — and every other
// library's in the process — to PortableMath's CPU-independent functions instead of glibc's
// CPU-dispatched variants. Measured before (issue 14): with glibc's FMA/AVX2 variants masked
// (`GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA`), 20 of 2,000 stressed samples came out of
// Ipopt with other last bits, all through `pow` (found by redirecting each function in turn;
// which of Ipopt's `pow` calls was not traced). PortableMath is within 0.51 ulp of the exact result and has C99 Annex F's special
// values, so nothing that relied on glibc's functions loses accuracy.
//
// This module imports no C library headers, so these definitions clash with no declaration.

/// `double exp(double)`.
@_cdecl("exp")
public func portableLibmExp(_ x: Double) -> Double { Portable.exp(x) }

/// `double log(double)`.
@_cdecl("log")
public func portableLibmLog(_ x: Double) -> Double { Portable.log(x) }

/// `double log10(double)`.
@_cdecl("log10")
public func portableLibmLog10(_ x: Double) -> Double { Portable.log10(x) }

/// `double pow(double, double)`.
@_cdecl("pow")
public func portableLibmPow(_ x: Double, _ y: Double) -> Double { Portable.pow(x, y) }

/// The version of this binding, recorded with the platform in run manifests.
public let portableLibmVersion = 1
