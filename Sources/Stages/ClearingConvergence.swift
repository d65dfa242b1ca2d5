import Market
import Reporting

/// `convergence.csv` of the `casestudy` stage (DESIGN.md §13): how the ADMM
/// clearings converged, round by round — per round, the number of clearings
/// still running and the 10th, 50th and 90th percentiles (type 7) over them of
/// the primal residual and of the consensus change (the dual residual / ρ),
/// both in kW. The clearings are the first, uncapped clearing of every hour of
/// every case, in table order; a clearing that stopped before round r is not
/// among round r's samples. With the central clearing there are no rounds, and
/// the file is the header alone.
struct ClearingConvergence {
    /// One round's statistics.
    struct Round: Equatable {
        let round: Int
        /// Clearings that ran at least `round` rounds.
        let clearings: Int
        /// p10, median, p90 of the primal residual (kW).
        let primalKW: [Double]
        /// p10, median, p90 of the consensus change (kW).
        let consensusChangeKW: [Double]
    }

    /// The percentiles of every round, in the columns' order.
    static let percentiles = [0.1, 0.5, 0.9]
    static let percentileNames = ["p10", "median", "p90"]

    /// The columns, in order (the report reads them by name).
    static let columns = ["round", "clearings"]
        + ["primal_residual_kw", "consensus_change_kw"].flatMap { stem in percentileNames.map { "\(stem)_\($0)" } }

    let rounds: [Round]

    /// - Parameter residuals: the clearings, in a fixed order (ties between equal samples do not matter: only values are kept).
    init(_ residuals: [ADMMResiduals]) {
        // Longest first, so the clearings still running at any round are a prefix.
        let byLength = residuals.sorted { $0.rounds > $1.rounds }
        var runningCount = byLength.count
        rounds = (0..<(byLength.first?.rounds ?? 0)).map { r in
            while byLength[runningCount - 1].rounds <= r { runningCount -= 1 }
            let running = byLength[..<runningCount]
            let primal = running.map { $0.primalKW[r] }.sorted(), change = running.map { $0.consensusChangeKW[r] }.sorted()
            return Round(round: r + 1, clearings: running.count,
                         primalKW: Self.percentiles.map { SampleStatistics.quantile(sorted: primal, $0) },
                         consensusChangeKW: Self.percentiles.map { SampleStatistics.quantile(sorted: change, $0) })
        }
    }

    /// The table behind `convergence.csv`.
    func table() throws -> Table {
        try Table(
            name: "convergence", title: "ADMM convergence per round",
            columns: Self.columns.map { name in
                Table.Column(name, format: name == "round" || name == "clearings" ? .integer : .scientific(decimals: 4))
            },
            rows: rounds.map { round in
                [.integer(round.round), .integer(round.clearings)] + (round.primalKW + round.consensusChangeKW).map { .number($0) }
            })
    }
}
