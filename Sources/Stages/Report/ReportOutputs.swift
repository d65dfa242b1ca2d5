import Reporting

/// The file names a report section writes, as declared outputs of the stage
/// (relative to the report directory; see `ReportDocument`).
enum ReportOutputs {
    /// `tables/<name>.csv`.
    static func table(_ name: String) -> String {
        "\(ReportDocument.tablesDirectory)/\(name).csv"
    }

    /// A figure's SVG, script and data CSV, plus further data tables named `<name>-<suffix>.csv`.
    static func figure(_ name: String, extraData suffixes: [String] = []) -> [String] {
        let directory = ReportDocument.figuresDirectory
        return ([name] + suffixes.map { "\(name)-\($0)" }).map { "\(directory)/\($0).csv" }
            + ["\(directory)/\(name).gp", "\(directory)/\(name).svg"]
    }
}
