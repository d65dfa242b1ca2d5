// Module OPF — the DSO branch-flow OPF on Ipopt (DESIGN.md §4).
