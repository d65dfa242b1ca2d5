/// Elementary functions that return the same bits on every machine.
///
/// **Why.** glibc's libm picks a variant of `exp`, `log`, `pow`, `sin`, `cos`,
/// `tan`, `atan`, `atan2`, … at load time from the CPU's features (ifuncs): on a
/// CPU with FMA and AVX2 it runs code compiled with fused multiply–adds, on
/// one without it runs the SSE2 build. Both are accurate, but their last bits
/// differ, so one p2pgrid binary wrote different datasets, checkpoints and
/// reports on different x86-64 machines (issue 14). Swift's `Foundation.exp`
/// and friends are those glibc functions.
///
/// **How.** Every function here uses only IEEE 754 basic operations (+ − × ÷,
/// `squareRoot`, conversions, comparisons, bit manipulation) in a fixed order,
/// and never calls libm. IEEE 754 specifies each of those operations exactly
/// and Swift never contracts `a * b + c` into a fused multiply–add, so the
/// result is a pure function of the argument's bits on any conforming machine.
/// Where a kernel needs more than 53 bits it carries a value as an unevaluated
/// sum `hi + lo` (double-double, with Dekker's exact product instead of FMA).
/// Tables and constants come from `scripts/portable-math-tables.py` (mpmath).
///
/// **Accuracy.** Every function is within 1 ulp over its whole domain and has
/// C99 Annex F's special values (NaN, ±∞, ±0, subnormals, overflow, underflow).
/// The errors measured against glibc's 64-bit-mantissa `long double` functions
/// over millions of seeded arguments (`Tests/PortableMathTests`) are stated on
/// each function; the largest is 0.59 ulp (`cos`), most are 0.50–0.51.
///
/// **Speed.** `p2pgrid-bench math` times each function against glibc's (its
/// FMA variants, on this project's Xeon) and writes `Reports/bench/math.md`:
/// from 0.7× (`exp`) and 1.3× (`sin`, `cos`) to 5× (`atan`) glibc's time, a
/// few tens of ns a call; the Float `exp` of the attention softmax is
/// branch-free like GELU's `fastExpNonPositive`, so loops over it vectorise,
/// and runs at 0.85× `expf`'s time in such a loop.
public enum Portable {}
