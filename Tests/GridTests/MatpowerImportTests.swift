import Foundation
import Testing
import Grid

/// MATPOWER case import: the reference feeders load with their unit
/// conversions evaluated, and bad input fails with file and line.
@Suite struct MatpowerImportTests {
    /// A minimal valid case; tests splice one defect into it.
    static func caseText(bus: String = "1 3 0 0 0 0 1 1 0 12.66 1 1 1;\n\t2 1 100 60 0 0 1 1 0 12.66 1 1.1 0.9;",
                         branch: String = "1 2 0.0922 0.0470 0 0 0 0 0 0 1 -360 360;",
                         extra: String = "") -> String {
        """
        function mpc = tiny
        %% two buses
        mpc.version = '2';
        mpc.baseMVA = 10;
        mpc.bus = [
        \t\(bus)
        ];
        mpc.gen = [
        \t1 0 0 10 -10 1 100 1 10 0;
        ];
        mpc.branch = [
        \t\(branch)
        ];
        \(extra)
        """
    }

    static func importError(_ text: String) -> GridError? {
        do {
            _ = try MatpowerCase.parse(text, file: "tiny.m")
            return nil
        } catch {
            return error
        }
    }

    @Test(.enabled(if: ReferenceCases.available), arguments: ReferenceCases.all)
    func everyReferenceCaseLoadsAndRoundTrips(caseName: String) throws {
        let network = try ReferenceCases.load(caseName)
        #expect(network.buses.count > 0 && network.branches.count >= network.buses.count - 3)
        let text = try MatpowerCase.export(network)
        #expect(!text.contains("Vbase"))
        let again = try MatpowerCase.parse(text, file: "exported-\(caseName)")
        #expect(again == network)
    }

    /// Ohms → per unit through Vbase²/Sbase and kW → MW, checked on branch 1–2 and bus 2 of case33bw
    /// (0.0922 Ω on 12.66 kV / 10 MVA; 100 kW + 60 kVAr).
    @Test(.enabled(if: ReferenceCases.available))
    func case33bwConversionsAreEvaluated() throws {
        let network = try ReferenceCases.load("case33bw.m")
        let zBaseOhm = 12.66 * 12.66 / 10
        #expect(abs(network.branches[0].rPU - 0.0922 / zBaseOhm) <= 1e-15)
        #expect(abs(network.branches[0].xPU - 0.0470 / zBaseOhm) <= 1e-15)
        #expect(network.buses[1].pdMW == 0.1 && network.buses[1].qdMVAr == 0.06)
        #expect(network.name == "case33bw")
        #expect(network.buses.reduce(0) { $0 + $1.pdMW } * 1000 - 3715 < 1e-9)
        #expect(network.generators.first?.cost == GeneratorCost(model: .polynomial(coefficients: [0, 20, 0])))
    }

    /// case141 gives loads in kVA at power factor 0.85: Qd = S sin(acos 0.85), Pd = 0.85 S.
    @Test(.enabled(if: ReferenceCases.available))
    func case141PowerFactorConversion() throws {
        let network = try ReferenceCases.load("case141.m")
        let text = try String(contentsOfFile: ReferenceCases.path("case141.m"), encoding: .utf8)
        let rawRow = try #require(text.split(separator: "\n").first { $0.hasPrefix("\t2\t") })
        let apparentKVA = Double(rawRow.split(separator: "\t")[2])!
        #expect(abs(network.buses[1].pdMW - apparentKVA * 0.85 / 1000) <= 1e-15)
        #expect(abs(network.buses[1].qdMVAr - apparentKVA * (1 - 0.85 * 0.85).squareRoot() / 1000) <= 1e-12)
    }

    @Test func expressionsContinuationsAndComments() throws {
        let text = Self.caseText(extra: """
            [PQ, PV, REF, NONE, BUS_I, BUS_TYPE, PD, ... comment after continuation
                QD] = idx_bus;
            [F_BUS, T_BUS, R, X] = idx_brch;   % names are positional
            k = (2 + 3 * 2^2) / 7;             % = 2
            mpc.bus(2, [PD QD]) = mpc.bus(2, [PD, QD]) .* [k, -k] / 1e3;
            mpc.branch(:, R) = sqrt(mpc.branch(:, R) .^ 2) * 2, mpc.baseMVA = 20;
            """)
        let network = try MatpowerCase.parse(text, file: "tiny.m")
        #expect(network.buses[1].pdMW == 0.2 && network.buses[1].qdMVAr == -0.12)
        #expect(network.branches[0].rPU == 0.1844)
        #expect(network.baseMVA == 20)
        #expect(network.buses[0].vmaxPU == 1 && network.branches[0].angMinDeg == -360)
    }

    @Test func unsupportedStatementNamesFileAndLine() {
        let error = Self.importError(Self.caseText(extra: "disp('hello');"))
        #expect(error == .unsupportedStatement(file: "tiny.m", line: 15, statement: "disp ( 'hello' ) ;"))
        #expect(error?.description.hasPrefix("tiny.m:15: unsupported MATLAB statement `disp ( 'hello' ) ;`") == true)
        #expect(Self.importError(Self.caseText(extra: "if x > 1")) != nil)
        #expect(Self.importError(Self.caseText(extra: "mpc.areas = [1 1];"))
                == .unsupportedStatement(file: "tiny.m", line: 15, statement: "mpc . areas = [ 1 1 ] ;"))
        #expect(Self.importError(Self.caseText(extra: "x = mpc.bus / mpc.bus;"))
                == .unsupportedStatement(file: "tiny.m", line: 15, statement: "matrix right division"))
    }

    @Test func duplicateBusIsRejected() {
        let error = Self.importError(Self.caseText(bus: "1 3 0 0 0 0 1 1 0 12.66 1 1 1;\n\t1 1 100 60 0 0 1 1 0 12.66 1 1.1 0.9;"))
        #expect(error == .duplicateBus(source: "tiny.m", busID: 1, location: "line 7, bus row 2"))
        #expect(error?.description == "tiny.m: line 7, bus row 2: duplicate bus id 1")
    }

    @Test func branchToUnknownBusIsRejected() {
        let error = Self.importError(Self.caseText(branch: "1 7 0.0922 0.0470 0 0 0 0 0 0 1 -360 360;"))
        #expect(error == .unknownBus(source: "tiny.m", location: "line 13, branch row 1", busID: 7))
        #expect(error?.description == "tiny.m: line 13, branch row 1: refers to unknown bus 7")
    }

    @Test(arguments: [("0 0", 0.0, 0.0), ("-0.1 0.2", -0.1, 0.2), ("0.1 -0.2", 0.1, -0.2)])
    func zeroOrNegativeImpedanceIsRejected(impedance: String, r: Double, x: Double) {
        let error = Self.importError(Self.caseText(branch: "1 2 \(impedance) 0 0 0 0 0 0 1 -360 360;"))
        #expect(error == .invalidImpedance(source: "tiny.m", location: "line 13, branch row 1", rPU: r, xPU: x))
        #expect(error?.description.contains("must have r ≥ 0, x ≥ 0 and not both zero") == true)
    }

    @Test(arguments: ["NaN", "Inf", "-Inf", "1/0"])
    func nonFiniteValuesAreRejected(value: String) {
        let error = Self.importError(Self.caseText(bus: "1 3 0 0 0 0 1 1 0 12.66 1 1 1;\n\t2 1 \(value) 60 0 0 1 1 0 12.66 1 1.1 0.9;"))
        #expect(error == .nonFiniteValue(source: "tiny.m", location: "line 7, bus row 2", field: "Pd"))
        #expect(error?.description == "tiny.m: line 7, bus row 2: Pd is NaN or infinite")
    }

    @Test func malformedFilesAreSyntaxErrors() {
        #expect(Self.importError("function mpc = x\nmpc.bus = [1 2\n") == .matpowerSyntax(file: "tiny.m", line: 2, message: "matrix opened here is never closed with `]`"))
        #expect(Self.importError(Self.caseText(bus: "1 3 0 0 0 0 1 1 0 12.66 1 1 1;\n\t2 1 100 60 0 0 1 1 0 12.66 1 1.1;"))
                == .matpowerSyntax(file: "tiny.m", line: 7, message: "row has 12 columns, the matrix's first row (line 6) has 13"))
        #expect(Self.importError(Self.caseText(extra: "y = undefinedName * 2;")) == .matpowerSyntax(file: "tiny.m", line: 15, message: "`undefinedName` is not defined"))
        #expect(Self.importError("function mpc = x\nmpc.version = '2';\nmpc.baseMVA = 1;\n") == .missingField(file: "tiny.m", field: "mpc.bus"))
        #expect(Self.importError(Self.caseText(bus: "1 5 0 0 0 0 1 1 0 12.66 1 1 1;"))?.description
                == "tiny.m: line 6, bus row 1: bus type = 5, expected 1 (PQ), 2 (PV), 3 (slack) or 4 (isolated)")
        #expect(Self.importError(Self.caseText().replacingOccurrences(of: "'2'", with: "'1'"))
                == .invalidValue(source: "tiny.m", location: "header", field: "mpc.version", value: "'1'", expected: "'2' (MATPOWER case format version 2)"))
    }

    @Test func missingFileIsAFileAccessError() {
        #expect(throws: GridError.self) { try MatpowerCase.load(path: "/nonexistent/case.m") }
    }

    @Test func exportWritesAtomicallyAndReadsBack() throws {
        let network = try MatpowerCase.parse(Self.caseText(), file: "tiny.m")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("grid-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("tiny.m").path
        try MatpowerCase.write(network, to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["tiny.m"])
        #expect(try MatpowerCase.load(path: path) == network)
    }
}
