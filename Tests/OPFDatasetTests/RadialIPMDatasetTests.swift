import Foundation
import Testing
@testable import OPFDataset

/// The spec's `solver` (issue 20): validated, and a stressed dataset generated on the radial IPM
/// agrees sample by sample with the one Ipopt generates from the same seed.
@Suite struct RadialIPMDatasetTests {
    @Test("An unknown solver, or radial-ipm with the exact formulation, is named")
    func invalidSolver() throws {
        let spec = DatasetSpecTests()
        let text = try DatasetFixtures.stressedSpecText()
        try spec.expectInvalid(text.replacingOccurrences(of: "formulation: socp", with: "formulation: socp\nsolver: clarabel"), field: "solver")
        try spec.expectInvalid(text.replacingOccurrences(of: "formulation: socp", with: "formulation: exact\nsolver: radial-ipm"), field: "solver")
    }

    @Test("Stressed samples on the radial IPM agree with Ipopt's: status, acceptance, objective, α, voltages")
    func stressedAgreement() throws {
        let directory = try DatasetFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try DatasetFixtures.stressedSpecText()
        let ipm = try DatasetConfiguration(specFile: DatasetFixtures.stressedSpec)
        #expect(ipm.socpSolver == .radialIPM, "the default")
        let ipopt = try DatasetConfiguration(specFile: DatasetFixtures.writeSpec(
            text.replacingOccurrences(of: "formulation: socp", with: "formulation: socp\nsolver: ipopt"), in: directory))
        #expect(ipopt.socpSolver == .ipopt)
        let reference = try DatasetGenerator.generate(ipopt, samples: 60, seed: 3)
        let candidate = try DatasetGenerator.generate(ipm, samples: 60, seed: 3)
        let agreement = try SolverAgreement(candidate: candidate, reference: reference)
        #expect(agreement.compared == 60, "\(agreement)")
        #expect(agreement.withinTolerances, "\(agreement)")
        #expect(reference.records.contains { $0.curtailed }, "some sample must curtail, or the check is weak")
    }
}
