/// What the microgrids submit to the DSO for one period (DESIGN.md §4): the
/// trade matrix and the scenario conditions the DSO's OPF runs under.
public struct TradeProposal: Sendable, Equatable {
    /// `tradesKW[n][m]`: energy MG n proposes to sell to MG m (kW, ≥ 0, zero diagonal).
    public var tradesKW: [[Double]]
    /// Network load scale s.
    public var loadScale: Double
    /// Each MG's power factor for its exchange with the feeder.
    public var powerFactors: [Double]
    /// DSO prices: load shedding c_ls and trade correction λ_corr (Rs/kW²).
    public var loadSheddingPriceRsPerKW2: Double
    public var correctionPriceRsPerKW2: Double

    public init(tradesKW: [[Double]], loadScale: Double, powerFactors: [Double],
                loadSheddingPriceRsPerKW2: Double, correctionPriceRsPerKW2: Double) {
        self.tradesKW = tradesKW
        self.loadScale = loadScale
        self.powerFactors = powerFactors
        self.loadSheddingPriceRsPerKW2 = loadSheddingPriceRsPerKW2
        self.correctionPriceRsPerKW2 = correctionPriceRsPerKW2
    }

    /// Proposed net position per MG, `Σ_m t[n][m] − Σ_m t[m][n]` (kW, positive = exports).
    public var netPositionsKW: [Double] { Self.netPositionsKW(of: tradesKW) }

    /// Net position per MG of a trade matrix `t[seller][buyer]` (kW, positive = exports).
    public static func netPositionsKW(of tradesKW: [[Double]]) -> [Double] {
        tradesKW.indices.map { n in tradesKW[n].reduce(0, +) - tradesKW.reduce(0) { $0 + $1[n] } }
    }

    /// The ordered seller–buyer pairs `(n, m)`, n ≠ m, row-major: the order of
    /// every per-trade array (α in responses and datasets).
    public static func tradePairs(microgridCount n: Int) -> [(seller: Int, buyer: Int)] {
        (0..<n).flatMap { s in (0..<n).filter { $0 != s }.map { (seller: s, buyer: $0) } }
    }

    /// `tradePairs` as the files name them: `MG1->MG2`, … (1-based).
    public static func tradePairLabels(microgridCount n: Int) -> [String] {
        tradePairs(microgridCount: n).map { "MG\($0.seller + 1)->MG\($0.buyer + 1)" }
    }
}
