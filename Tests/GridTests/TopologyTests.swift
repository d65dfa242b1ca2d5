import Testing
import Grid

/// Radial ordering, and meshes / islands reported with the elements involved.
@Suite struct TopologyTests {
    /// A 5-bus feeder: 1 → 2 → 3, 2 → 4 → 5, with an open tie 3–5.
    static func smallFeeder() -> Network {
        let buses = (1...5).map { id in
            Bus(id: id, type: id == 1 ? .slack : .pq, pdMW: id == 1 ? 0 : 0.1, qdMVAr: id == 1 ? 0 : 0.05,
                baseKV: 12.66, vmaxPU: 1.1, vminPU: 0.9)
        }
        let branches = [
            Branch(fromBus: 1, toBus: 2, rPU: 0.01, xPU: 0.02),
            Branch(fromBus: 3, toBus: 2, rPU: 0.01, xPU: 0.02),  // stored against the flow
            Branch(fromBus: 2, toBus: 4, rPU: 0.01, xPU: 0.02),
            Branch(fromBus: 4, toBus: 5, rPU: 0.01, xPU: 0.02),
            Branch(fromBus: 3, toBus: 5, rPU: 0.02, xPU: 0.02, inService: false),
        ]
        return Network(name: "five-bus", baseMVA: 10, buses: buses, branches: branches,
                       generators: [Generator(bus: 1, qmaxMVAr: 10, qminMVAr: -10, pmaxMW: 10, pminMW: 0)])
    }

    @Test func ordersBusesFromTheSubstation() throws {
        let topology = try RadialTopology(network: Self.smallFeeder())
        #expect(topology.roots == [0])
        #expect(topology.order.first == 0)
        for bus in topology.order.dropFirst() {
            let parent = try #require(topology.parentBus[bus])
            #expect(topology.order.firstIndex(of: parent)! < topology.order.firstIndex(of: bus)!)
            #expect(topology.children[parent].contains(bus))
            #expect(topology.depth[bus] == topology.depth[parent] + 1)
        }
        #expect(topology.parentBranch[topology.busIndex[3]!] == 1)
        #expect(topology.parentIsFromBus[topology.busIndex[3]!] == false)
        #expect(topology.parentIsFromBus[topology.busIndex[4]!] == true)
        #expect(topology.openBranches == [4])
        #expect(topology.pathFromRoot(to: topology.busIndex[5]!).map { topology.busIDs[$0] } == [1, 2, 4, 5])
    }

    @Test func closedTieIsReportedAsMeshWithItsLoop() {
        var network = Self.smallFeeder()
        network.branches[4].inService = true
        #expect {
            try RadialTopology(network: network)
        } throws: { error in
            guard case let .meshed(_, buses, branches) = error as? GridError else { return false }
            return Set(buses) == [2, 3, 4, 5] && branches == [1, 2, 3, 4]
                && (error as! GridError).description.contains("network is meshed")
        }
    }

    @Test func openedBranchIsReportedAsIsland() {
        var network = Self.smallFeeder()
        network.branches[2].inService = false
        let error = #expect(throws: GridError.self) { try RadialTopology(network: network) }
        #expect(error == .islanded(source: "five-bus", buses: [4, 5]))
        #expect(error?.description == "five-bus: bus(es) 4, 5 not connected to a slack bus by in-service branches")
    }

    @Test func twoConnectedSlacksAreRejected() {
        var network = Self.smallFeeder()
        network.buses[4].type = .slack
        let error = #expect(throws: GridError.self) { try RadialTopology(network: network) }
        guard case let .connectedSlackBuses(_, buses, _)? = error else {
            Issue.record("expected connectedSlackBuses, got \(String(describing: error))"); return
        }
        #expect(buses == [1, 2, 4, 5])
    }

    @Test func networkWithoutSlackIsRejected() {
        var network = Self.smallFeeder()
        network.buses[0].type = .pq
        #expect(throws: GridError.noSlackBus(source: "five-bus")) { try RadialTopology(network: network) }
    }

    @Test func selfLoopIsAMesh() {
        var network = Self.smallFeeder()
        network.branches.append(Branch(fromBus: 4, toBus: 4, rPU: 0.01, xPU: 0.01))
        let error = #expect(throws: GridError.self) { try RadialTopology(network: network) }
        guard case let .meshed(_, _, branches)? = error else { Issue.record("expected meshed"); return }
        #expect(branches == [5])
    }
}
