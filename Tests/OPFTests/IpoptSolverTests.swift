import Testing
@testable import OPF
import SeededRandom

@Suite struct IpoptSolverTests {
    @Test func hs071ReachesThePublishedOptimum() {
        let solution = IpoptSolver().solve(HS071(), from: IpoptStartPoint(x: [1, 5, 5, 1]))
        #expect(solution.status == .optimal)
        #expect(abs(solution.objective - 17.0140173) < 1e-6)
        for (value, published) in zip(solution.x, [1.0, 4.7429994, 3.8211503, 1.3794082]) {
            #expect(abs(value - published) < 1e-6)
        }
        #expect(abs(solution.constraintValues[1] - 40) < 1e-8)
        #expect(solution.iterations > 0)
    }

    @Test func hs071SolutionSatisfiesKKT() {
        let problem = HS071()
        let solution = IpoptSolver().solve(problem, from: IpoptStartPoint(x: [1, 5, 5, 1]))
        var gradient = [Double](repeating: 0, count: 4)
        problem.objectiveGradient(at: solution.x, into: &gradient)
        let jacobian = DerivativeCheck.denseJacobian(problem, at: solution.x)
        for j in 0..<4 {
            let stationarity = gradient[j] + jacobian[0][j] * solution.constraintMultipliers[0]
                + jacobian[1][j] * solution.constraintMultipliers[1]
                - solution.lowerBoundMultipliers[j] + solution.upperBoundMultipliers[j]
            #expect(abs(stationarity) < 1e-7)
        }
        // x1 sits at its lower bound with a positive multiplier; the others are interior.
        #expect(solution.lowerBoundMultipliers[0] > 0.1)
        #expect(solution.lowerBoundMultipliers[1...].allSatisfy { abs($0) < 1e-6 })
    }

    @Test func hs071DerivativesMatchFiniteDifferences() {
        var generator = SeededGenerator(seed: 71)
        for _ in 0..<20 {
            let x = (0..<4).map { _ in Double.random(in: 1...5, using: &generator) }
            let multipliers = (0..<2).map { _ in Double.random(in: -2...2, using: &generator) }
            let check = DerivativeCheck(program: HS071(), at: x, objectiveFactor: Double.random(in: 0.5...2, using: &generator),
                                        multipliers: multipliers)
            #expect(check.maxError < 1e-6)
        }
    }

    @Test func derivativeCheckCatchesAWrongHessian() {
        struct BrokenHessian: NonlinearProgram {
            var base = HS071()
            var variableCount: Int { base.variableCount }
            var constraintCount: Int { base.constraintCount }
            var variableLowerBounds: [Double] { base.variableLowerBounds }
            var variableUpperBounds: [Double] { base.variableUpperBounds }
            var constraintLowerBounds: [Double] { base.constraintLowerBounds }
            var constraintUpperBounds: [Double] { base.constraintUpperBounds }
            var jacobianPattern: SparsityPattern { base.jacobianPattern }
            var hessianPattern: SparsityPattern { base.hessianPattern }
            func objective(at x: [Double]) -> Double { base.objective(at: x) }
            func objectiveGradient(at x: [Double], into g: inout [Double]) { base.objectiveGradient(at: x, into: &g) }
            func constraints(at x: [Double], into g: inout [Double]) { base.constraints(at: x, into: &g) }
            func jacobianValues(at x: [Double], into v: inout [Double]) { base.jacobianValues(at: x, into: &v) }
            func hessianValues(at x: [Double], objectiveFactor: Double, multipliers: [Double], into v: inout [Double]) {
                base.hessianValues(at: x, objectiveFactor: objectiveFactor, multipliers: multipliers, into: &v)
                v[4] = 0
            }
        }
        let check = DerivativeCheck(program: BrokenHessian(), at: [1.5, 2, 3, 4], objectiveFactor: 1, multipliers: [1, 1])
        #expect(check.hessianError > 0.5)
        #expect(check.gradientError < 1e-6 && check.jacobianError < 1e-6)
    }

    @Test func primalDualWarmStartConvergesFasterToTheSameOptimum() {
        let solver = IpoptSolver()
        let cold = solver.solve(HS071(), from: IpoptStartPoint(x: [1, 5, 5, 1]))
        let warm = solver.solve(HS071(), from: IpoptStartPoint(solution: cold))
        #expect(warm.status == .optimal)
        #expect(abs(warm.objective - cold.objective) < 1e-8)
        #expect(warm.iterations < cold.iterations)
    }

    /// The session keeps Ipopt's problem object only while the bounds are unchanged:
    /// a tighter bound must produce the fresh solver's answer, not the cached problem's.
    @Test func reusedSolverPicksUpChangedBounds() {
        var tightened = HS071()
        tightened.variableUpperBounds[1] = 4.5
        let reused = IpoptSolver()
        let first = reused.solve(HS071(), from: IpoptStartPoint(x: [1, 4, 4, 1]))
        let second = reused.solve(tightened, from: IpoptStartPoint(x: [1, 4, 4, 1]))
        let fresh = IpoptSolver().solve(tightened, from: IpoptStartPoint(x: [1, 4, 4, 1]))
        #expect(second.status == .optimal)
        #expect(abs(second.x[1] - 4.5) < 1e-7)
        #expect(second.objective > first.objective)
        #expect(second.x == fresh.x)
    }

    @Test func iterationLimitIsReportedAsSuch() {
        var options = IpoptOptions()
        options.maxIterations = 2
        let solution = IpoptSolver(options: options).solve(HS071(), from: IpoptStartPoint(x: [1, 5, 5, 1]))
        #expect(solution.status == .iterationLimit)
        #expect(solution.returnCode == -1)
    }
}
