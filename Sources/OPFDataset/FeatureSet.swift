/// The per-MG input features of a dataset (DESIGN.md §5). Every MG is one
/// token; sample-wide values (prices, load scale) are repeated on each token.
public enum FeatureSet: String, Sendable, Equatable, CaseIterable {
    /// The paper's Table III: `P_load_n`, `pf`, `P_net_n`, `c_ls`, `λ_corr`.
    case paper
    /// Table III plus the network load scale, the MG bus's electrical distance
    /// from the substation (series resistance of the path, p.u.) and the MG's
    /// trade row (what it proposes to sell to each MG).
    case extended

    /// Feature names, in the order of the last axis of `/inputs`.
    public func names(microgridCount: Int) -> [String] {
        let paper = ["P_load_n", "pf", "P_net_n", "c_ls", "lambda_corr"]
        switch self {
        case .paper: return paper
        case .extended:
            return paper + ["load_scale", "path_resistance_pu"] + (1...microgridCount).map { "sold_to_MG\($0)" }
        }
    }

    /// Units of each feature, matching `names`.
    public func units(microgridCount: Int) -> [String] {
        let paper = ["kW", "1", "kW", "Rs/kW^2", "Rs/kW^2"]
        switch self {
        case .paper: return paper
        case .extended: return paper + ["1", "p.u."] + Array(repeating: "kW", count: microgridCount)
        }
    }

    /// The feature rows of one sample, `[M][F]`.
    /// - Parameters:
    ///   - demandKW: each MG's cleared demand (its load this hour).
    ///   - pathResistancePU: series resistance from the substation to each MG's bus.
    public func rows(demandKW: [Double], powerFactors: [Double], proposal: [[Double]], netPositionsKW: [Double],
              loadSheddingPrice: Double, correctionPrice: Double, loadScale: Double,
              pathResistancePU: [Double]) -> [[Double]] {
        demandKW.indices.map { n in
            let paper = [demandKW[n], powerFactors[n], netPositionsKW[n], loadSheddingPrice, correctionPrice]
            switch self {
            case .paper: return paper
            case .extended: return paper + [loadScale, pathResistancePU[n]] + proposal[n]
            }
        }
    }
}

/// The per-MG targets (DESIGN.md §5): the DSO's accepted injection `P_acc_n`
/// (kW) and whether the DSO curtailed some trade of MG n (`curtailed_n`, 0/1).
public enum DatasetTargets {
    public static let names = ["P_acc_n", "curtailed_n"]
    public static let units = ["kW", "1"]
}
