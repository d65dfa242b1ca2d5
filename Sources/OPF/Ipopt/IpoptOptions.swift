/// Every Ipopt option p2pgrid relies on, set explicitly on each solve so that
/// neither Ipopt's defaults of another version nor an `ipopt.opt` file in the
/// working directory can change a result (reading that file is switched off
/// with `option_file_name ""`, which Ipopt 3.11.9 honours).
public struct IpoptOptions: Sendable, Equatable {
    /// Relative convergence tolerance on the scaled NLP error (`tol`).
    public var tolerance: Double = 1e-9
    /// Absolute tolerance on the unscaled constraint violation (`constr_viol_tol`).
    public var constraintViolationTolerance: Double = 1e-9
    /// Absolute tolerance on the unscaled dual infeasibility (`dual_inf_tol`).
    public var dualInfeasibilityTolerance: Double = 1e-6
    /// Absolute tolerance on the unscaled complementarity (`compl_inf_tol`).
    public var complementarityTolerance: Double = 1e-8
    /// Iteration limit (`max_iter`).
    public var maxIterations: Int = 500
    /// CPU-time limit in seconds (`max_cpu_time`).
    public var maxCPUSeconds: Double = 600
    /// Ipopt's console print level (`print_level`, 0 = silent, 5 = Ipopt's default log).
    public var printLevel: Int = 0
    /// Initial barrier parameter of a cold start (`mu_init`).
    public var coldMuInit: Double = 0.1
    /// Initial barrier parameter of a warm start: small, because the start point is near-optimal.
    public var warmMuInit: Double = 1e-6
    /// `warm_start_bound_push` / `warm_start_mult_bound_push` / `warm_start_bound_frac` /
    /// `warm_start_slack_bound_push` / `warm_start_slack_bound_frac` of a warm start:
    /// small, so the previous point is not pushed far into the interior.
    public var warmBoundPush: Double = 1e-9
    /// How far Ipopt may relax variable bounds (`bound_relax_factor`); 0 keeps them exact.
    public var boundRelaxFactor: Double = 1e-10
    /// The KKT solver (`linear_solver`). SparseLDL by default: the same optima as MUMPS (tested
    /// to 1e-7 in objective, voltages and α) in about a third of the OPF's time (Reports/bench/opf.md).
    public var linearSolver: IpoptLinearSolver = .sparseLDL

    /// p2pgrid's defaults: silent, tight tolerances, SparseLDL, exact Hessian.
    public init() {}

    /// The same options with Ipopt's iteration log on the console.
    public static var verbose: IpoptOptions {
        var options = IpoptOptions()
        options.printLevel = 5
        return options
    }

    /// The integer, real and string options of one solve, with or without a warm start.
    func settings(warmStart: Bool) -> (integers: [(String, Int)], reals: [(String, Double)], strings: [(String, String)]) {
        let integers: [(String, Int)] = [
            ("print_level", printLevel),
            ("max_iter", maxIterations),
            ("acceptable_iter", 15),
            // A MUMPS 5.5 solve costs ~0.2 ms even on the OPF's small KKT systems (466 rows for
            // ieee33), mostly per-call overhead. Ipopt's default takes one refinement step even when
            // the residual is already below `residual_ratio_max`; skipping it saves a third of the
            // solves in `generate`, optima unchanged to 1e-13 kW. Larger residuals are still refined.
            ("min_refinement_steps", 0),
            ("max_refinement_steps", 10),
            // Approximate minimum degree ordering: on the OPF's small KKT systems it cut MUMPS's
            // time by 10–30 % against the automatic choice (7) in the `opf` benchmark.
            ("mumps_pivot_order", 0),
            ("mumps_scaling", 77),
            ("mumps_permuting_scaling", 7),
            // MUMPS allocates its workspace afresh on every factorisation; with Ipopt's default
            // 1000 % headroom that cost `generate` 15× the page faults and half its system time.
            // 100 % suffices here (Ipopt enlarges it and refactorises if not); results are bit-identical.
            ("mumps_mem_percent", 100),
        ]
        let push = warmStart ? warmBoundPush : 1e-2
        let reals: [(String, Double)] = [
            ("tol", tolerance),
            ("constr_viol_tol", constraintViolationTolerance),
            ("dual_inf_tol", dualInfeasibilityTolerance),
            ("compl_inf_tol", complementarityTolerance),
            ("acceptable_tol", 1e-6),
            ("acceptable_constr_viol_tol", 1e-6),
            ("acceptable_dual_inf_tol", 1e-4),
            ("acceptable_compl_inf_tol", 1e-6),
            ("acceptable_obj_change_tol", 1e20),
            ("max_cpu_time", maxCPUSeconds),
            ("mu_init", warmStart ? warmMuInit : coldMuInit),
            ("bound_relax_factor", boundRelaxFactor),
            ("bound_push", 1e-2),
            ("bound_frac", 1e-2),
            ("slack_bound_push", 1e-2),
            ("slack_bound_frac", 1e-2),
            ("nlp_lower_bound_inf", -1e19),
            ("nlp_upper_bound_inf", 1e19),
            ("obj_scaling_factor", 1),
            ("nlp_scaling_max_gradient", 100),
            ("warm_start_bound_push", push),
            ("warm_start_bound_frac", push),
            ("warm_start_slack_bound_push", push),
            ("warm_start_slack_bound_frac", push),
            ("warm_start_mult_bound_push", push),
            ("mu_min", 1e-11),
            ("mumps_pivtol", 1e-6),
            ("mumps_pivtolmax", 0.1),
            // SparseLDL through the MA27 interface: Ipopt's MA27 pivot thresholds (u starts small
            // and is raised on a poor residual). The analysis's storage estimate is exact unless
            // pivots are delayed, so 2× headroom rarely needs the enlarge-and-refactorise path.
            ("ma27_pivtol", 1e-8),
            ("ma27_pivtolmax", 1e-4),
            ("ma27_liw_init_factor", 2),
            ("ma27_la_init_factor", 2),
            ("ma27_meminc_factor", 2),
            ("residual_ratio_max", 1e-10),
            ("residual_ratio_singular", 1e-5),
            ("residual_improvement_factor", 1),
        ]
        let strings: [(String, String)] = [
            ("option_file_name", ""),
            ("sb", "yes"),
            ("linear_solver", linearSolver.ipoptName),
            // MC19 scaling would need an HSL library; MUMPS scales internally (`mumps_scaling`),
            // and for MUMPS Ipopt's default is already `none`.
            ("linear_system_scaling", "none"),
            ("hessian_approximation", "exact"),
            // Monotone Fiacco–McCormick from a cold start; the adaptive barrier update from a
            // near-optimal warm start (3 instead of 5–8 iterations on the `opf` benchmark's sequences).
            ("mu_strategy", warmStart ? "adaptive" : "monotone"),
            // The LOQO rule picks the barrier parameter from the current point alone. The quality
            // function needs two extra KKT solves per iteration (affine and centring steps), which
            // cost more than the ~25 % more iterations LOQO takes in `generate`. Cold starts use
            // the monotone update, which ignores this option.
            ("mu_oracle", warmStart ? "loqo" : "quality-function"),
            ("nlp_scaling_method", "gradient-based"),
            ("fixed_variable_treatment", "make_parameter"),
            ("honor_original_bounds", "yes"),
            ("check_derivatives_for_naninf", "no"),
            ("derivative_test", "none"),
            ("print_timing_statistics", "no"),
            ("warm_start_init_point", warmStart ? "yes" : "no"),
            ("start_with_resto", "no"),
        ]
        return (integers, reals, strings)
    }
}
