import Foundation
import HDF5Store
import Market

/// What the report says about one generated dataset file (Datasets/README.md
/// layout): its size, OPF status counts and how much the DSO curtailed.
///
/// "Solved" follows the dataset's own closing summary (`GenerationSummary`):
/// OPF status optimal (0) or acceptable (1). A sample is curtailed when some
/// proposed trade has α < 0.999 (DESIGN.md §4); its curtailed share of
/// proposed energy is `1 − Σ α t / Σ t` over the ordered MG pairs.
struct DatasetFileSummary: Sendable {
    /// Output name of the generate stage, e.g. `dataset.h5`.
    let file: String
    /// `split` attribute (`in_distribution`, `ood_load`, …).
    let split: String
    /// `split_description` attribute.
    let splitDescription: String
    /// `system` attribute (feeder name).
    let system: String
    /// Samples N.
    let samples: Int
    /// Microgrids (tokens) M.
    let microgrids: Int
    /// Features per token F.
    let features: Int
    /// File size in bytes (the file is byte-reproducible, so this is too).
    let bytes: Int
    /// Status name (from the `status_names` attribute) → count.
    let statusCounts: [String: Int]
    /// Status names in code order.
    let statusNames: [String]
    /// Samples with status optimal or acceptable.
    let solved: Int
    /// Solved samples accepted whole (`/opf/accepted`).
    let accepted: Int
    /// Solved samples with some α < 0.999.
    let curtailed: Int
    /// Curtailed share of proposed energy per solved sample that proposed any trade, ascending.
    let curtailedEnergyShares: [Double]

    /// The DSO's acceptance threshold on every α (DESIGN.md §4).
    static let acceptanceThreshold = Float(DistributionSystemOperator.acceptanceThreshold)

    /// Reads the summary of the dataset file at `path`.
    init(path: String, file: String, stage: String) throws {
        let h5: HDF5File
        do {
            h5 = try HDF5File.openReadOnly(atPath: path)
        } catch {
            throw FileManager.default.fileExists(atPath: path)
                ? StageError.malformedInput(stage: stage, file: file, problem: "\(error)")
                : StageError.missingInput(stage: stage, file: file, problem: "\(error)")
        }
        defer { try? h5.close() }
        do {
            let status = try h5.read("/opf/status", as: Int32.self).values
            let accepted = try h5.read("/opf/accepted", as: UInt8.self).values
            let inputs = try h5.datasetInfo("/inputs").shape
            let alpha = try h5.read("/opf/alpha", as: Float.self)
            let trades = try h5.read("/proposal/trades", as: Double.self)
            let names = try h5.stringArrayAttribute("status_names", of: "/opf/status")
            let pairs = try h5.stringArrayAttribute("pairs", of: "/opf/alpha")
            let n = status.count
            guard inputs.count == 3, inputs[0] == n, accepted.count == n, alpha.shape == [n, pairs.count],
                  trades.shape == [n, inputs[1], inputs[1]] else {
                throw StageError.malformedInput(
                    stage: stage, file: file,
                    problem: "shapes disagree: /opf/status [\(n)], /opf/accepted [\(accepted.count)], /inputs \(inputs),"
                        + " /opf/alpha \(alpha.shape) with \(pairs.count) pairs, /proposal/trades \(trades.shape)")
            }
            let m = inputs[1]
            let pairIndices = try pairs.map { try Self.pairIndices($0, microgrids: m, file: file, stage: stage) }

            var counts: [String: Int] = [:]
            var solved = 0, acceptedCount = 0, curtailed = 0
            var shares: [Double] = []
            for sample in 0..<n {
                let code = Int(status[sample])
                counts[code >= 0 && code < names.count ? names[code] : "status \(code)", default: 0] += 1
                guard code == 0 || code == 1 else { continue }
                solved += 1
                if accepted[sample] != 0 { acceptedCount += 1 }
                let alphas = alpha.values[(sample * pairs.count)..<((sample + 1) * pairs.count)]
                if alphas.contains(where: { $0 < Self.acceptanceThreshold }) { curtailed += 1 }
                var proposedKW = 0.0, acceptedKW = 0.0
                for (k, pair) in pairIndices.enumerated() {
                    let trade = trades.values[(sample * m + pair.seller) * m + pair.buyer]
                    proposedKW += trade
                    acceptedKW += Double(alphas[alphas.startIndex + k]) * trade
                }
                if proposedKW > 1e-9 { shares.append(1 - acceptedKW / proposedKW) }
            }
            self.file = file
            split = try h5.stringAttribute("split")
            splitDescription = try h5.stringAttribute("split_description")
            system = try h5.stringAttribute("system")
            samples = n
            microgrids = m
            features = inputs[2]
            bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            statusCounts = counts
            statusNames = names
            self.solved = solved
            self.accepted = acceptedCount
            self.curtailed = curtailed
            curtailedEnergyShares = shares.sorted()
        } catch let error as StageError {
            throw error
        } catch {
            throw StageError.malformedInput(stage: stage, file: file, problem: "\(error)")
        }
    }

    /// Seller and buyer index of a pair name `MG<s>->MG<b>` (1-based in the name).
    private static func pairIndices(_ name: String, microgrids: Int, file: String, stage: String) throws -> (seller: Int, buyer: Int) {
        let parts = name.components(separatedBy: "->")
        guard parts.count == 2, parts.allSatisfy({ $0.hasPrefix("MG") }),
              let seller = Int(parts[0].dropFirst(2)), let buyer = Int(parts[1].dropFirst(2)),
              (1...microgrids).contains(seller), (1...microgrids).contains(buyer) else {
            throw StageError.malformedInput(stage: stage, file: file,
                                                  problem: "/opf/alpha attribute 'pairs' has '\(name)', expected MG<s>->MG<b> with 1 ≤ s, b ≤ \(microgrids)")
        }
        return (seller - 1, buyer - 1)
    }
}
