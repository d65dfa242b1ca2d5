print("p2pgrid-bench: no benchmarks yet")
