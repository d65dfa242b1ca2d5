import Market
import OPF

/// Status codes stored in `/opf/status` and `/market/status`: the
/// `OptimizationStatus` cases in declaration order (0 = optimal), plus one for
/// samples whose OPF never ran because the market clearing failed.
public enum SampleStatusCode {
    public static func code(_ status: OptimizationStatus) -> Int32 {
        Int32(OptimizationStatus.allCases.firstIndex(of: status)!)
    }
    /// `/opf/status` of a sample whose market clearing failed (no proposal to check).
    public static let marketFailed = Int32(OptimizationStatus.allCases.count)
    /// Names by code, stored as the `status_names` attribute.
    public static var names: [String] { OptimizationStatus.allCases.map(\.rawValue) + ["market_failed"] }
}

/// Everything stored for one sample (DESIGN.md §5). Arrays are per MG unless noted.
struct SampleRecord: Sendable, Codable {
    var features: [[Double]]            // [M][F]
    var targets: [[Double]]             // [M][T]
    var scenario: Scenario
    var proposalKW: [[Double]]          // [M][M]
    var marketStatus: Int32
    var marketPricesRsPerKWh: [Double]
    var marketWelfareRs: Double
    var opfStatus: Int32
    var accepted: Bool
    var alpha: [Double]                 // [K]
    var curtailedKW: [Double]           // [K]: (1 − α) t
    var networkChargeRsPerH: [Double]   // [K]: (λ_buyer − λ_seller) α t
    /// Binding constraints per family, in `BindingConstraint.Family.allCases` order.
    var bindingCounts: [UInt8]
    /// The binding constraints as the DSO names them, joined by "; " (empty when none binds).
    var bindingConstraints: String
    /// The SOCP relaxation was not exact and the exact model answered.
    var exactResolve: Bool
    var acceptedInjectionKW: [Double]
    var dlmpRsPerKWh: [Double]
    var objectiveRs: Double
    var iterations: Int32
    var relaxationGap: Double
    var acCheckMaxDeviationPU: Double
    var lossesKW: Double
    var shedKW: Double
    var voltagesPU: [Double]            // [buses]
    var branchLoading: [Double]         // [branches]; NaN for unrated branches
    var marketSeconds: Double
    var opfSeconds: Double

    /// Whether any proposed trade was curtailed (α below the DSO's acceptance threshold).
    var curtailed: Bool { alpha.contains { $0 < DistributionSystemOperator.acceptanceThreshold } }
}
