/// Metrics computed the plainest way — a sum, a pair count — to check the project's
/// own implementations against.
enum IndependentMetrics {
    /// √(mean of squared differences), summed in Double in storage order.
    static func rmse(_ predicted: [Float], _ target: [Float]) -> Double {
        let squares = zip(predicted, target).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
        return (squares / Double(predicted.count)).squareRoot()
    }

    /// ROC AUC as the share of positive–negative pairs ranked right (ties count ½); nil without both classes.
    static func rocAUC(_ probability: [Double], positive: [Bool]) -> Double? {
        var concordant = 0.0, pairs = 0.0
        for i in probability.indices where positive[i] {
            for j in probability.indices where !positive[j] {
                pairs += 1
                concordant += probability[i] > probability[j] ? 1 : probability[i] == probability[j] ? 0.5 : 0
            }
        }
        return pairs > 0 ? concordant / pairs : nil
    }
}
