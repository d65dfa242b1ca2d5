import Foundation
import Market
import OPF

/// The closing summary of a generation run: status counts, how often and how
/// much the DSO curtailed, and where the time went.
public struct GenerationSummary: Sendable, Codable, Equatable {
    public var samples: Int
    /// OPF status name → count (including `market_failed`).
    public var statusCounts: [String: Int]
    /// Samples whose OPF solved.
    public var solved: Int
    /// Share of solved samples with at least one trade curtailed (some α below the DSO's acceptance threshold).
    public var curtailedShare: Double
    /// Solved samples in which each constraint family binds (family raw value → count).
    public var bindingFamilyCounts: [String: Int]
    /// Samples whose SOCP relaxation was not exact, so the exact model answered.
    public var exactResolves: Int
    /// Share of solved samples that were accepted whole.
    public var acceptedShare: Double
    /// Quantiles (0, 10, 25, 50, 75, 90, 100 %) of the curtailed share of proposed
    /// energy, `1 − Σ α t / Σ t`, over solved samples that proposed any trade.
    public var curtailmentQuantiles: [Double]
    public var wallSeconds: Double
    /// Worker processes used.
    public var workers: Int
    /// Summed per-sample CPU time in market clearing and in the DSO OPF (s).
    public var marketSeconds: Double
    public var opfSeconds: Double

    public var samplesPerSecond: Double { wallSeconds > 0 ? Double(samples) / wallSeconds : 0 }

    init(records: [SampleRecord], wallSeconds: Double, workers: Int) {
        samples = records.count
        var counts: [String: Int] = [:]
        let names = SampleStatusCode.names
        for record in records { counts[names[Int(record.opfStatus)], default: 0] += 1 }
        statusCounts = counts
        let solvedRecords = records.filter { $0.opfStatus <= 1 }
        solved = solvedRecords.count
        curtailedShare = solved > 0 ? Double(solvedRecords.filter(\.curtailed).count) / Double(solved) : 0
        acceptedShare = solved > 0 ? Double(solvedRecords.filter(\.accepted).count) / Double(solved) : 0
        var families: [String: Int] = [:]
        for (f, family) in BindingConstraint.Family.allCases.enumerated() {
            families[family.rawValue] = solvedRecords.filter { $0.bindingCounts[f] > 0 }.count
        }
        bindingFamilyCounts = families
        exactResolves = records.filter(\.exactResolve).count
        var shares: [Double] = []
        for record in solvedRecords {
            let pairs = (0..<record.proposalKW.count).flatMap { s in
                (0..<record.proposalKW.count).filter { $0 != s }.map { record.proposalKW[s][$0] }
            }
            let proposed = pairs.reduce(0, +)
            guard proposed > 1e-9 else { continue }
            let acceptedEnergy = zip(pairs, record.alpha).reduce(0) { $0 + $1.0 * $1.1 }
            shares.append(1 - acceptedEnergy / proposed)
        }
        shares.sort()
        curtailmentQuantiles = shares.isEmpty ? [] : [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1].map { q in
            shares[min(shares.count - 1, Int((Double(shares.count - 1) * q).rounded()))]
        }
        self.wallSeconds = wallSeconds
        self.workers = workers
        marketSeconds = records.reduce(0) { $0 + $1.marketSeconds }
        opfSeconds = records.reduce(0) { $0 + $1.opfSeconds }
    }

    /// A few readable lines for the terminal.
    public var text: String {
        let statuses = statusCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        var lines = [
            String(format: "%d samples in %.1f s with %d worker(s) (%.0f samples/s)", samples, wallSeconds, workers, samplesPerSecond),
            "OPF status: \(statuses)",
            String(format: "curtailed (some α < %g): %.1f %% of %d solved samples; accepted whole: %.1f %%",
                   DistributionSystemOperator.acceptanceThreshold, 100 * curtailedShare, solved, 100 * acceptedShare),
            "binding in solved samples: " + BindingConstraint.Family.allCases.map { family in
                "\(family.rawValue) \(bindingFamilyCounts[family.rawValue] ?? 0)"
            }.joined(separator: ", ") + "; exact re-solves (SOCP not exact): \(exactResolves)",
        ]
        if !curtailmentQuantiles.isEmpty {
            lines.append("curtailed share of proposed energy, quantiles 0/10/25/50/75/90/100 %: "
                         + curtailmentQuantiles.map { String(format: "%.3f", $0) }.joined(separator: " / "))
        }
        lines.append(String(format: "CPU time: market clearing %.1f s, DSO OPF %.1f s", marketSeconds, opfSeconds))
        return lines.joined(separator: "\n")
    }
}
