import Grid

/// The AC check of DESIGN.md §4: re-run the `Grid` module's backward/forward
/// sweep with the injections the OPF chose, and compare voltages. The sweep
/// knows nothing of the OPF, so agreement confirms the branch-flow solution
/// is a physical AC operating point (and shows how far a relaxed one is not).
extension BranchFlowModel {
    /// Net demand per bus (MW, MVAr) at the OPF point `x`: remaining load after shedding,
    /// minus dispatch of generators away from the slack bus, minus accepted trade injections.
    func netDemand(at x: [Double]) -> (pMW: [Double], qMVAr: [Double]) {
        var p = buses.indices.map { i in buses[i].pdMW * (1 - (shed[i].map { x[$0] } ?? 0)) }
        var q = buses.indices.map { i in buses[i].qdMVAr * (1 - (shed[i].map { x[$0] } ?? 0)) }
        for g in generators.indices where buses[generatorBus[g]].type != .slack {
            p[generatorBus[g]] -= x[pg[g]] * baseMVA
            q[generatorBus[g]] -= x[qg[g]] * baseMVA
        }
        for (k, trade) in specification.trades.enumerated() {
            let accepted = x[alpha[k]] * trade.powerPU * baseMVA
            p[trade.sellerBus] -= accepted
            q[trade.sellerBus] -= accepted * trade.sellerTanPhi
            p[trade.buyerBus] += accepted
            q[trade.buyerBus] += accepted * trade.buyerTanPhi
        }
        return (p, q)
    }

    /// Largest `| |V|_power flow − |V|_OPF |` over all buses (p.u.), with the slack held at the
    /// OPF's voltage; nil when the sweep cannot be built or does not converge.
    func acCheckMaxVoltageDifference(at x: [Double]) -> Double? {
        guard var powerFlow = try? RadialPowerFlow(network: specification.network) else { return nil }
        let root = powerFlow.topology.roots[0]
        let demand = netDemand(at: x)
        guard let flow = try? powerFlow.solve(netDemandMW: demand.pMW, netDemandMVAr: demand.qMVAr,
                                              slackVoltagePU: x[v[root]].squareRoot()) else { return nil }
        return buses.indices.map { abs(flow.voltageMagnitudePU[$0] - x[v[$0]].squareRoot()) }.max()
    }
}
