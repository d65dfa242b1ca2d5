import Pipeline

extension StageInput {
    /// Path of the upstream output `name`; when the upstream stage does not
    /// declare it, the report's missing-input error naming `<stage>/<name>`.
    func reportFile(_ name: String, reportStage: String) throws -> String {
        guard let path = files[name] else {
            throw StageError.missingInput(stage: reportStage, file: "\(stageName)/\(name)",
                                                problem: "stage \(stageName) (kind \(kind)) declares no such output")
        }
        return path
    }
}
