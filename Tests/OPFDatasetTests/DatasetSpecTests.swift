import Foundation
import Testing
@testable import OPFDataset

@Suite("Dataset spec validation")
struct DatasetSpecTests {
    /// Expects loading `text` (a variant of the stressed spec) to fail naming the spec file and `field`.
    func expectInvalid(_ text: String, field: String, split: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let directory = try DatasetFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try DatasetFixtures.writeSpec(text, in: directory)
        do {
            _ = try DatasetConfiguration(specFile: path, split: split)
            Issue.record("expected an error naming \(field)", sourceLocation: sourceLocation)
        } catch let error as DatasetError {
            let message = "\(error)"
            #expect(message.contains(path), "\(message)", sourceLocation: sourceLocation)
            #expect(message.contains(field), "\(message)", sourceLocation: sourceLocation)
        }
    }

    @Test("A missing field is named")
    func missingField() throws {
        let text = try DatasetFixtures.stressedSpecText().replacingOccurrences(of: "demandMinimumShare: 0.3", with: "")
        try expectInvalid(text, field: "demandMinimumShare")
    }

    @Test("A value of the wrong type is named")
    func wrongType() throws {
        let text = try DatasetFixtures.stressedSpecText().replacingOccurrences(of: "perturbedShare: 0.3", with: "perturbedShare: often")
        try expectInvalid(text, field: "scenario.perturbedShare")
    }

    @Test("A range with min > max is named")
    func invertedRange() throws {
        let text = try DatasetFixtures.stressedSpecText()
            .replacingOccurrences(of: "loadScale: {min: 0.6, max: 1.1}", with: "loadScale: {min: 1.2, max: 1.1}")
        try expectInvalid(text, field: "scenario.loadScale")
    }

    @Test("Microgrids moved to a bus the feeder lacks are named")
    func unknownBus() throws {
        let text = try DatasetFixtures.stressedSpecText().replacingOccurrences(of: "[14, 24, 29, 33]", with: "[14, 24, 29, 99]")
        try expectInvalid(text, field: "splits[ood_placement].microgridBuses", split: "ood_placement")
    }

    @Test("An unknown split, formulation or feature set is named")
    func unknownNames() throws {
        try expectInvalid(try DatasetFixtures.stressedSpecText(), field: "splits", split: "ood_weather")
        try expectInvalid(try DatasetFixtures.stressedSpecText().replacingOccurrences(of: "formulation: socp", with: "formulation: dc"),
                          field: "formulation")
        try expectInvalid(try DatasetFixtures.stressedSpecText().replacingOccurrences(of: "features: extended", with: "features: all"),
                          field: "features")
    }

    @Test("A reconfiguration naming no tie switch is named")
    func badReconfiguration() throws {
        let text = try DatasetFixtures.stressedSpecText().replacingOccurrences(of: "close: [9, 15]", with: "close: [2, 3]")
        try expectInvalid(text, field: "splits[ood_topology].reconfiguration.close", split: "ood_topology")
    }

    @Test("Malformed YAML is an error naming the file")
    func malformedYAML() throws {
        try expectInvalid("name: [unclosed\nsystem: x", field: "(document)")
    }
}
