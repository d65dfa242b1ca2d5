import ArgumentParser
import Foundation

/// `p2pgrid results-table README.md`: rewrites the README's results tables
/// from the committed reports, so no number in the README can go stale. Three
/// marker-delimited blocks — `<!-- results-table:begin -->` … `:end -->`,
/// `<!-- claims-table:begin -->` …, `<!-- accuracy-table:begin -->` … and
/// `<!-- reconfiguration-table:begin -->` … — get one row per row of each report's
/// `tables/case-summary.csv`, `tables/claims.csv` (a report without claims
/// contributes none), the in-distribution rows of `tables/accuracy.csv` and the
/// case-2 and case-3 rows of `tables/reconfiguration.csv` (a report without the
/// lever contributes none); every row names the CSV it
/// comes from in its first column, and a test (`ReadmeResultsTests`) compares
/// every row with that CSV.
struct ResultsTableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results-table",
        abstract: "Rewrite the README's results tables from Reports/*/tables/case-summary.csv, claims.csv, accuracy.csv and reconfiguration.csv.")

    @Argument(help: "The README to rewrite (its marker-delimited blocks only).")
    var readme: String = "README.md"

    @Option(name: .long, parsing: .upToNextOption, help: "Report directories, relative to the README's directory.")
    var reports: [String] = ["Reports/paper", "Reports/stressed"]

    func run() throws {
        let root = (readme as NSString).deletingLastPathComponent
        var text: String
        do { text = try String(contentsOfFile: readme, encoding: .utf8) } catch {
            throw ValidationError("cannot read \(readme): \(error.localizedDescription)")
        }
        var summaryRows: [String] = [], claimRows: [String] = [], accuracyRows: [String] = [], leverRows: [String] = []
        for report in reports {
            let summary = report + "/tables/case-summary.csv"
            guard let rows = Self.records(at: (root as NSString).appendingPathComponent(summary)) else {
                throw ValidationError("\(summary) is missing")
            }
            summaryRows += rows.map { Self.summaryRow(source: summary, $0) }
            let claims = report + "/tables/claims.csv"
            claimRows += (Self.records(at: (root as NSString).appendingPathComponent(claims)) ?? []).map { Self.claimRow(source: claims, $0) }
            let accuracy = report + "/tables/accuracy.csv"
            guard let models = Self.records(at: (root as NSString).appendingPathComponent(accuracy)) else {
                throw ValidationError("\(accuracy) is missing")
            }
            let lever = report + "/tables/reconfiguration.csv"
            leverRows += (Self.records(at: (root as NSString).appendingPathComponent(lever)) ?? [])
                .filter { Self.reconfigurationCases.contains($0["case"] ?? "") }.map { Self.reconfigurationRow(source: lever, $0) }
            accuracyRows += models.filter { ($0["split"] ?? "").hasPrefix(Self.inDistributionPrefix) }.map { Self.accuracyRow(source: accuracy, $0) }
        }
        text = try Self.replace(block: "results-table", in: text, with: [Self.summaryHeader] + summaryRows, file: readme)
        text = try Self.replace(block: "claims-table", in: text, with: [Self.claimHeader] + claimRows, file: readme)
        text = try Self.replace(block: "accuracy-table", in: text, with: [Self.accuracyHeader] + accuracyRows, file: readme)
        text = try Self.replace(block: "reconfiguration-table", in: text, with: [Self.reconfigurationHeader] + leverRows, file: readme)
        try text.write(toFile: readme, atomically: true, encoding: .utf8)
    }

    static let summaryHeader = """
        | source | case | predictor | first-submission acceptance | energy-weighted acceptance | final acceptance | DSO OPF calls / hour | market messages / hour | energy kept | mean total cost (Rs/h) | voltage violations |
        |---|---|---|---|---|---|---|---|---|---|---|
        """
    static let claimHeader = """
        | source | claim | case | predictor | difference (case − case 2, per hour) | 95 % CI over days | verdict |
        |---|---|---|---|---|---|---|
        """

    static let accuracyHeader = """
        | source | model | train stage | n (test split) | P_acc R² | P_acc RMSE (kW) | acceptance ROC AUC | Brier | ECE |
        |---|---|---|---|---|---|---|---|---|
        """
    static let reconfigurationHeader = """
        | source | case | predictor | metric (per hour) | without the lever | with it | difference | 95 % CI over days | first answers reconfigured |
        |---|---|---|---|---|---|---|---|---|
        """
    /// The cases whose lever rows the README shows: the ones that submit to the DSO and react to its answer.
    static let reconfigurationCases: Set<String> = ["2", "3"]

    /// `value` with `decimals` decimals; a value that rounds to zero shows as zero, without the sign of a
    /// rounding residue (−9e-17 kWh of a difference of sums is "0.000", not "-0.000").
    static func formatted(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        return text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(text.dropFirst()) : text
    }

    /// One README row of a reconfiguration-lever record.
    static func reconfigurationRow(source: String, _ r: [String: String]) -> String {
        func fixed(_ key: String) -> String { r[key].flatMap(Double.init).map { formatted($0, decimals: 3) } ?? "–" }
        let share = r["first_reconfigured"].flatMap(Double.init).map { String(format: "%.1f %%", 100 * $0) } ?? "–"
        let cells = [source, r["case"] ?? "–", r["predictor"] ?? "", r["metric"] ?? "–", fixed("without"), fixed("with"),
                     fixed("difference"), "\(fixed("ci_low")) to \(fixed("ci_high"))", share]
        return "| " + cells.joined(separator: " | ") + " |"
    }

    /// Rows of the validate table on the in-distribution test split.
    static let inDistributionPrefix = "in_distribution"

    /// One README row of an in-distribution accuracy record; an undefined AUC (one class only) shows "nan".
    static func accuracyRow(source: String, _ r: [String: String]) -> String {
        func fixed(_ key: String, _ decimals: Int) -> String { r[key].flatMap(Double.init).map { formatted($0, decimals: decimals) } ?? "–" }
        let cells = [source, r["model"] ?? "–", r["stage"] ?? "–", r["n"] ?? "–", fixed("R²", 4), fixed("RMSE (kW)", 2),
                     fixed("AUC", 4), fixed("Brier", 4), fixed("ECE", 4)]
        return "| " + cells.joined(separator: " | ") + " |"
    }

    /// One README row of a case-summary record; a column the CSV lacks shows "–".
    static func summaryRow(source: String, _ r: [String: String]) -> String {
        func percent(_ key: String) -> String { r[key].flatMap(Double.init).map { String(format: "%.1f %%", 100 * $0) } ?? "–" }
        func fixed(_ key: String, _ decimals: Int) -> String { r[key].flatMap(Double.init).map { formatted($0, decimals: decimals) } ?? "–" }
        let cells = [source, "\(r["case"] ?? "–") \(r["name"] ?? "")", r["predictor"] ?? "", percent("first_acceptance"),
                     percent("energy_acceptance"), percent("final_acceptance"), fixed("opf_calls_mean", 2), fixed("clearing_messages_mean", 0), fixed("energy_kept", 3),
                     fixed("total_cost_mean_rs", 0), r["voltage_violations"] ?? "–"]
        return "| " + cells.joined(separator: " | ") + " |"
    }

    /// One README row of a claims record.
    static func claimRow(source: String, _ r: [String: String]) -> String {
        func fixed(_ key: String) -> String { r[key].flatMap(Double.init).map { formatted($0, decimals: 3) } ?? "–" }
        let cells = [source, r["claim"] ?? "–", r["case"] ?? "–", r["predictor"] ?? "", fixed("difference"),
                     "\(fixed("ci_low")) to \(fixed("ci_high"))", r["verdict"] ?? "–"]
        return "| " + cells.joined(separator: " | ") + " |"
    }

    /// The records of a report CSV by header name (the report's tables quote no field); nil when the file is absent.
    static func records(at path: String) -> [[String: String]]? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let lines = text.components(separatedBy: .newlines).filter { !$0.isEmpty }
        guard let header = lines.first?.components(separatedBy: ",") else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0.components(separatedBy: ","))) }
    }

    /// `text` with the lines between `<!-- NAME:begin … -->` and `<!-- NAME:end -->` replaced.
    static func replace(block name: String, in text: String, with lines: [String], file: String) throws -> String {
        var out: [String] = [], inside = false, found = false
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("<!-- \(name):end") { inside = false }
            if !inside { out.append(line) }
            if line.hasPrefix("<!-- \(name):begin") {
                inside = true
                found = true
                out += lines
            }
        }
        guard found, !inside else { throw ValidationError("\(file): no complete <!-- \(name):begin --> … <!-- \(name):end --> block") }
        return out.joined(separator: "\n")
    }
}
