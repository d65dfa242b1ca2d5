/// One branch exchange: close a tie switch (an open branch) and open a
/// sectionalizing switch (an in-service branch) on the loop it closes, so the
/// feeder stays radial. Branch numbers are indices into `Network.branches`.
public struct BranchExchange: Sendable, Hashable, CustomStringConvertible {
    /// The open branch to close.
    public var closedTie: Int
    /// The in-service branch to open.
    public var openedSectionalizer: Int

    /// An exchange of branch indices `closedTie` (to close) and `openedSectionalizer` (to open).
    public init(closedTie: Int, openedSectionalizer: Int) {
        self.closedTie = closedTie
        self.openedSectionalizer = openedSectionalizer
    }

    /// Human-readable, with 1-based branch numbers as in the case file.
    public var description: String { "close branch #\(closedTie + 1), open branch #\(openedSectionalizer + 1)" }
}

extension Network {
    /// Indices of the out-of-service branches: the tie switches of a radial feeder.
    public var tieSwitches: [Int] { branches.indices.filter { !branches[$0].inService } }

    /// The in-service branches on the loop that closing `tie` would create:
    /// the tree path between its end buses (through the substations when the
    /// ends are fed from different slack buses). Opening any one of them
    /// restores a radial network.
    public func loopBranches(closing tie: Int) throws(GridError) -> [Int] {
        guard branches.indices.contains(tie), !branches[tie].inService else {
            throw .invalidReconfiguration(message: "branch #\(tie + 1) is not an open tie switch of \(name)")
        }
        let topology = try RadialTopology(network: self)
        guard let a = topology.busIndex[branches[tie].fromBus], let b = topology.busIndex[branches[tie].toBus] else {
            throw .unknownBus(source: name, location: "branch row \(tie + 1)", busID: branches[tie].fromBus)
        }
        let left = topology.pathFromRoot(to: a), right = topology.pathFromRoot(to: b)
        var shared = 0
        while shared < min(left.count, right.count) && left[shared] == right[shared] { shared += 1 }
        // Branches hanging the non-shared buses from their parents form the loop.
        let buses = left[shared...] + right[shared...]
        return buses.compactMap { topology.parentBranch[$0] }
    }

    /// A copy with `exchange` applied, after checking that the tie is open and
    /// the sectionalizing branch lies on the loop the tie closes.
    public func applying(_ exchange: BranchExchange) throws(GridError) -> Network {
        let loop = try loopBranches(closing: exchange.closedTie)
        guard loop.contains(exchange.openedSectionalizer) else {
            throw .invalidReconfiguration(message: "branch #\(exchange.openedSectionalizer + 1) is not on the loop closed by tie branch #\(exchange.closedTie + 1); opening it would leave a mesh and an island")
        }
        var result = self
        result.branches[exchange.closedTie].inService = true
        result.branches[exchange.openedSectionalizer].inService = false
        return result
    }

    /// Every single branch exchange that keeps the network radial: for each tie
    /// switch, each in-service branch on its loop; ordered by tie, then by
    /// branch index.
    public func radialExchanges() throws(GridError) -> [BranchExchange] {
        var result: [BranchExchange] = []
        for tie in tieSwitches {
            for branch in try loopBranches(closing: tie).sorted() {
                result.append(BranchExchange(closedTie: tie, openedSectionalizer: branch))
            }
        }
        return result
    }
}
