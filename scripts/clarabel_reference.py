#!/usr/bin/env python3
"""Clarabel on the radial IPM's own SOCP instances, for the `socp` benchmark.

Reads a JSON list of instances written by p2pgrid-bench (each {"name", "instance"}: OPF.ConicInstance —
min 1/2 sum q_j x_j^2 + c'x  s.t.  A x = b,  s = f + E x in K, K = orthant rows then second-order cones),
hands each to Clarabel in its own form (A x + s = b, s in K: the equalities in a zero cone, then -E and f),
solves it `--repetitions` times from a fresh solver and prints one JSON object: versions and, per
instance, Clarabel's status, objective, iterations and the median of its own reported solve time
(solution.solve_time) and of the wall time of set-up plus solve as Python sees it.
"""
import argparse
import json
import platform
import statistics
import time

import numpy as np
import scipy.sparse as sp
import clarabel


def rows_to_csc(start, variable, coefficient, n):
    counts = np.diff(np.asarray(start))
    rows = np.repeat(np.arange(len(counts)), counts)
    return sp.csc_matrix((np.asarray(coefficient, dtype=float), (rows, np.asarray(variable, dtype=int))),
                         shape=(len(counts), n))


def problem(instance):
    n = instance["variables"]
    p_matrix = sp.diags(np.asarray(instance["quadratic"], dtype=float), format="csc")
    q = np.asarray(instance["linear"], dtype=float)
    a_eq = rows_to_csc(instance["equalityStart"], instance["equalityVariable"], instance["equalityCoefficient"], n)
    e = rows_to_csc(instance["coneStart"], instance["coneVariable"], instance["coneCoefficient"], n)
    a = sp.vstack([a_eq, -e], format="csc")
    b = np.concatenate([np.asarray(instance["equalityRHS"], dtype=float), np.asarray(instance["coneOffset"], dtype=float)])
    cones = [clarabel.ZeroConeT(a_eq.shape[0]), clarabel.NonnegativeConeT(instance["orthantRows"])]
    cones += [clarabel.SecondOrderConeT(d) for d in instance["secondOrderDimensions"]]
    return p_matrix, q, a, b, cones


def settings(tolerance):
    s = clarabel.DefaultSettings()
    s.verbose = False
    if tolerance is not None:
        s.tol_gap_abs = s.tol_gap_rel = s.tol_feas = s.tol_ktratio = tolerance
    return s


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("instances")
    parser.add_argument("--repetitions", type=int, default=20)
    parser.add_argument("--tolerance", type=float, default=None, help="gap and feasibility tolerances (default Clarabel's)")
    args = parser.parse_args()
    with open(args.instances) as f:
        named = json.load(f)
    results = []
    for entry in named:
        data = problem(entry["instance"])
        solve_times, walls, solution = [], [], None
        for _ in range(args.repetitions):
            start = time.perf_counter()
            solver = clarabel.DefaultSolver(*data, settings(args.tolerance))
            solution = solver.solve()
            walls.append(time.perf_counter() - start)
            solve_times.append(solution.solve_time)
        results.append({"name": entry["name"], "status": str(solution.status), "objective": solution.obj_val,
                        "iterations": solution.iterations, "solve_seconds": statistics.median(solve_times),
                        "setup_and_solve_seconds": statistics.median(walls)})
    print(json.dumps({"clarabel": clarabel.__version__, "python": platform.python_version(), "results": results}))


if __name__ == "__main__":
    main()
