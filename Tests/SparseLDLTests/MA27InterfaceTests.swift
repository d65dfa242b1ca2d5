import SeededRandom
import SparseLDL
import Testing

/// The MA27 entry points driven the way Ipopt 3.11's Ma27TSolverInterface
/// drives them: 1-based triplets, IKEEP/NSTEPS carried from MA27AD to MA27BD,
/// A and IW sized from INFO(5)/INFO(6) and owned by the caller, the values
/// reloaded into A(1:NZ) before every MA27BD, and on INFO(1) = -3/-4 both
/// arrays enlarged from INFO(2) and the factorisation repeated.
@Suite struct MA27InterfaceTests {
    /// Ipopt's caller-side state between the calls.
    struct Ipopt {
        var n: Int32, nz: Int32
        var irn: [Int32], jcn: [Int32]
        var icntl = [Int32](repeating: 0, count: 30)
        var cntl = [Double](repeating: 0, count: 5)
        var ikeep: [Int32]
        var nsteps: Int32 = 0
        var a: [Double] = []
        var iw: [Int32] = []
        var maxfrt: Int32 = 0
        var retries = 0

        init(_ matrix: TestMatrix) {
            n = Int32(matrix.n)
            nz = Int32(matrix.values.count)
            irn = matrix.rows.map { $0 + 1 }
            jcn = matrix.columns.map { $0 + 1 }
            ikeep = [Int32](repeating: 0, count: 3 * matrix.n)
            sparse_ldl_ma27id(&icntl, &cntl)
        }

        /// MA27AD, then LA and LIW as Ipopt sizes them with init factors `laFactor` / `liwFactor`.
        mutating func analyse(laFactor: Double, liwFactor: Double) -> [Int32] {
            var liw = 2 * (2 * nz + 3 * n + 1)
            var iwScratch = [Int32](repeating: 0, count: Int(liw))
            var iw1 = [Int32](repeating: 0, count: 2 * Int(n))
            var iflag: Int32 = 0, ops = 0.0
            var info = [Int32](repeating: 0, count: 20)
            sparse_ldl_ma27ad(&n, &nz, irn, jcn, &iwScratch, &liw, &ikeep, &iw1, &nsteps, &iflag, &icntl, &cntl,
                              &info, &ops)
            a = [Double](repeating: .nan, count: max(Int(nz), Int(laFactor * Double(info[4]))))
            iw = [Int32](repeating: -7, count: Int(liwFactor * Double(info[5])))
            return info
        }

        /// MA27BD with Ipopt's enlarge-and-retry loop (meminc factor 2); returns the final INFO.
        mutating func factorise(_ values: [Double], pivotThreshold: Double) -> [Int32] {
            cntl[0] = pivotThreshold
            while true {
                for k in 0..<values.count { a[k] = values[k] }
                var la = Int32(a.count), liw = Int32(iw.count)
                var iw1 = [Int32](repeating: 0, count: 2 * Int(n))
                var info = [Int32](repeating: 0, count: 20)
                sparse_ldl_ma27bd(&n, &nz, irn, jcn, &a, &la, &iw, &liw, &ikeep, &nsteps, &maxfrt, &iw1, &icntl,
                                  &cntl, &info)
                switch info[0] {
                case -3:
                    iw = [Int32](repeating: -7, count: 2 * Int(info[1]))
                    a = [Double](repeating: .nan, count: 2 * a.count)
                case -4:
                    iw = [Int32](repeating: -7, count: 2 * iw.count)
                    a = [Double](repeating: .nan, count: 2 * Int(info[1]))
                default:
                    return info
                }
                retries += 1
            }
        }

        /// MA27CD on one right-hand side, with W and IW1 sized as Ipopt sizes them.
        mutating func solve(_ b: [Double]) -> [Double] {
            var x = b
            var la = Int32(a.count), liw = Int32(iw.count)
            var w = [Double](repeating: 0, count: max(1, Int(maxfrt)))
            var iw1 = [Int32](repeating: 0, count: max(1, Int(nsteps)))
            sparse_ldl_ma27cd(&n, &a, &la, &iw, &liw, &w, &maxfrt, &x, &iw1, &nsteps, &icntl, &cntl)
            return x
        }
    }

    @Test func ipoptsSequenceSolvesKKTSystemsWithTheRightInertia() {
        var generator = SeededGenerator(seed: 21)
        var checked = 0
        while checked < 20 {
            let matrix = TestMatrix.kkt(h: 10 + Int(generator.next() % 60), c: 1 + Int(generator.next() % 20),
                                        density: 0.1, hessianDiagonal: checked % 2 == 0 ? 1 : 1e-6, using: &generator)
            guard matrix.eigenvalueRatio > 1e-12 else { continue }
            checked += 1
            var ipopt = Ipopt(matrix)
            let analysis = ipopt.analyse(laFactor: 5, liwFactor: 5)
            #expect(analysis[0] == 0)
            #expect(ipopt.nsteps > 0)
            // Ipopt refactorises the same structure with new values; both must be right.
            for scale in [1.0, -2.0] {
                let values = matrix.values.map { $0 * scale }
                var scaled = matrix
                scaled.values = values
                scaled.dense = matrix.dense.map { $0 * scale }
                let info = ipopt.factorise(values, pivotThreshold: 1e-8)
                #expect(info[0] == 0)
                #expect(Int(info[14]) == scaled.inertia(relativeZero: 1e-14).negative)
                let b = (0..<matrix.n).map { _ in 2 * generator.nextUnit() - 1 }
                #expect(scaled.relativeResidual(x: ipopt.solve(b), b: b) < 1e-9)
            }
        }
    }

    /// Arrays far smaller than INFO(5)/INFO(6): MA27BD must say which is short and by how much,
    /// and the factorisation after Ipopt's enlargement must be as good as a first-time fit.
    @Test func tooSmallArraysAreReportedAndEnlarged() {
        var generator = SeededGenerator(seed: 22)
        let matrix = TestMatrix.kkt(h: 60, c: 25, density: 0.08, hessianDiagonal: 1e-9, using: &generator)
        var roomy = Ipopt(matrix), tight = Ipopt(matrix)
        _ = roomy.analyse(laFactor: 5, liwFactor: 5)
        _ = tight.analyse(laFactor: 0, liwFactor: 0.1)
        var la = Int32(tight.a.count), liw = Int32(tight.iw.count)
        var iw1 = [Int32](repeating: 0, count: 2 * matrix.n)
        var info = [Int32](repeating: 0, count: 20)
        for k in 0..<matrix.values.count { tight.a[k] = matrix.values[k] }
        sparse_ldl_ma27bd(&tight.n, &tight.nz, tight.irn, tight.jcn, &tight.a, &la, &tight.iw, &liw, &tight.ikeep,
                          &tight.nsteps, &tight.maxfrt, &iw1, &tight.icntl, &tight.cntl, &info)
        #expect(info[0] == -3 || info[0] == -4)
        #expect(info[1] > (info[0] == -3 ? liw : la))
        let reference = roomy.factorise(matrix.values, pivotThreshold: 1e-8)
        let enlarged = tight.factorise(matrix.values, pivotThreshold: 1e-8)
        #expect(tight.retries >= 1)
        #expect(enlarged[0] == 0 && reference[0] == 0)
        #expect(enlarged[14] == reference[14])
        let b = (0..<matrix.n).map { Double($0 % 5) - 2 }
        #expect(roomy.solve(b) == tight.solve(b))
    }

    @Test func singularMatrixIsAWarningWithItsRank() {
        var matrix = TestMatrix(n: 5)
        for i in 0..<3 { matrix.add(i, i, 2) }
        for (row, j, v) in [(3, 0, 1.0), (3, 1, -1), (4, 0, 1), (4, 1, -1)] { matrix.add(row, j, v) }
        var ipopt = Ipopt(matrix)
        _ = ipopt.analyse(laFactor: 5, liwFactor: 5)
        let info = ipopt.factorise(matrix.values, pivotThreshold: 1e-8)
        #expect(info[0] == 3)
        #expect(info[1] == 4)
    }

    @Test func outOfRangeEntriesAreIgnoredWithAWarning() {
        var matrix = TestMatrix(n: 3)
        for i in 0..<3 { matrix.add(i, i, Double(i) - 1.5) }
        var ipopt = Ipopt(matrix)
        ipopt.irn.append(7)
        ipopt.jcn.append(1)
        ipopt.nz += 1
        let analysis = ipopt.analyse(laFactor: 5, liwFactor: 5)
        #expect(analysis[0] == 1 && analysis[1] == 1)
        let info = ipopt.factorise(matrix.values + [99], pivotThreshold: 0.1)
        #expect(info[0] == 1 && info[14] == 2)
        let expected: [Double] = [1 / -1.5, 1 / -0.5, 1 / 0.5]
        #expect(ipopt.solve([1, 1, 1]) == expected)
    }
}
