import Foundation
import Market
import OPFDataset

/// `market`: one hour's P2P market clearing, central QP against consensus ADMM
/// (issue 19), for the stressed spec's 4 MGs and for 10 (its MGs repeated with
/// their own scenario draws), on seeded hours from the spec's scenario distribution.
let marketClearingSuite = BenchmarkSuite(
    name: "market",
    summary: "P2P market clearing per hour: central QP (dual Newton) vs consensus ADMM, 4 and 10 MGs"
) {
    let configuration = try DatasetConfiguration(specFile: "Datasets/specs/ieee33-stressed.yaml")
    let hoursPerSize = 200
    var rows: [String] = []
    for count in [4, 10] {
        let microgrids = (0..<count).map { i -> Microgrid in
            var mg = configuration.microgrids[i % configuration.microgrids.count]
            mg.name = "MG\(i + 1)"
            return mg
        }
        let sampler = ScenarioSampler(distribution: configuration.distribution, microgridCount: count)
        let hours = (0..<hoursPerSize).map { sampler.scenario(seed: 19, index: $0).microgridHours(for: microgrids) }
        let central = P2PMarket(parameters: configuration.spec.market)
        var admmParameters = configuration.spec.market
        admmParameters.clearing = .admm
        let admm = P2PMarket(parameters: admmParameters)
        var rounds: [Int] = [], messages: [Int] = [], bytes: [Int] = [], worstTradeKW = 0.0, worstPrice = 0.0
        for hour in hours {
            let c = try central.clear(hour), a = try admm.clear(hour)
            rounds.append(a.communication.rounds)
            messages.append(a.communication.messages)
            bytes.append(a.communication.bytes)
            for (x, y) in zip(c.tradesKW.joined(), a.tradesKW.joined()) { worstTradeKW = max(worstTradeKW, abs(x - y)) }
            for (x, y) in zip(c.pricesRsPerKWh, a.pricesRsPerKWh) { worstPrice = max(worstPrice, abs(x - y)) }
        }
        var index = 0
        let centralTimes = try measure(iterations: hoursPerSize, warmup: 5) { _ = try central.clear(hours[index % hoursPerSize]); index += 1 }
        index = 0
        let admmTimes = try measure(iterations: hoursPerSize, warmup: 5) { _ = try admm.clear(hours[index % hoursPerSize]); index += 1 }
        func median(_ values: [Int]) -> Int { values.sorted()[values.count / 2] }
        rows.append("| \(count) | \(count * (count - 1)) | \(formatDuration(centralTimes.median)) | \(formatDuration(admmTimes.median)) | "
                    + String(format: "%.0f×", admmTimes.median / centralTimes.median)
                    + " | \(median(rounds)) (max \(rounds.max()!)) | \(median(messages)) | \(median(bytes) / 1000) kB | "
                    + String(format: "%.3f kW, %.4f Rs/kWh", worstTradeKW, worstPrice) + " |")
    }
    return """
        # market

        One hour's P2P market clearing (`Market.P2PMarket`) on \(hoursPerSize) seeded hours per size from the stressed
        spec's scenario distribution (κ = 10; 10 MGs: its four MGs repeated, each with its own draws): the central QP
        (dual Newton method on the separable form) against consensus ADMM among the MGs (`ADMMMarket`, default
        `ADMMOptions`: 1e-4 kW primal and consensus tolerances, over-relaxation 1.5), in the same run on the same
        machine. Times are medians over the hours, one clearing per sample; rounds, messages (trade offers, convergence
        flags, broadcasts) and bytes are medians per clearing; the last column is the largest difference from the
        central clearing over all hours.

        Machine: \(machineDescription()); load average before the run: \(loadAverage()).

        | MGs | pairs | central QP | ADMM | ADMM / central | ADMM rounds | messages | bytes | largest trade / price difference |
        |---|---|---|---|---|---|---|---|---|
        \(rows.joined(separator: "\n"))

        The central clearing needs every MG's costs, utility and devices in one place; ADMM needs none of them, and pays
        for that in rounds of messages and in time.
        """
}
