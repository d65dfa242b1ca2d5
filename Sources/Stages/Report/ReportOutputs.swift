import Reporting

/// The file names a report section writes, as declared outputs of the stage
/// (relative to the report directory; see `ReportDocument`).
enum ReportOutputs {
    /// `tables/<name>.csv`.
    static func table(_ name: String) -> String {
        "\(ReportDocument.tablesDirectory)/\(name).csv"
    }

    /// The folder of outputs that differ from run to run and machine to machine (wall times):
    /// published beside the report like every output, but ignored by git (`Reports/*/machine/`),
    /// so a re-run on another machine leaves the committed reports unchanged.
    static let machineDependentDirectory = "machine"

    /// `machine/<name>.csv` and `machine/<name>.md`.
    static func machineDependentTable(_ name: String) -> (csv: String, markdown: String) {
        ("\(machineDependentDirectory)/\(name).csv", "\(machineDependentDirectory)/\(name).md")
    }

    /// A figure's SVG, script and data CSV, plus further data tables named `<name>-<suffix>.csv`.
    static func figure(_ name: String, extraData suffixes: [String] = []) -> [String] {
        let directory = ReportDocument.figuresDirectory
        return ([name] + suffixes.map { "\(name)-\($0)" }).map { "\(directory)/\($0).csv" }
            + ["\(directory)/\(name).gp", "\(directory)/\(name).svg"]
    }
}
