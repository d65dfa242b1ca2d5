import SeededRandom

/// The radial, connected configurations of a feeder: every choice of states of
/// its switchable branches under which each bus is fed from exactly one slack
/// bus through in-service branches. They are the spanning trees of the feeder
/// graph once the slack buses are merged into one node and the branches that
/// may not switch are contracted (closed ones) or dropped (open ones), so their
/// number is the graph's spanning-tree count (Kirchhoff's matrix-tree theorem,
/// `count`), and `forEach` visits each exactly once, never a meshed or
/// islanded one.
public struct RadialConfigurations: Sendable {
    /// The feeder, with its case switch states (those of the fixed branches are kept).
    public let network: Network
    /// The branches that may change state, ascending indices into `network.branches`.
    public let switchable: [Int]
    /// Nodes of the contracted graph: groups of buses joined by fixed closed branches, the slack buses in node 0.
    private let nodeCount: Int
    /// The contracted ends of each switchable branch (equal ends: a branch that can only be open).
    private let ends: [(a: Int, b: Int)]

    /// - Parameter fixed: branch indices that keep their case state (all others may switch).
    /// - Throws: the validation errors of `Network.validate`; `GridError.noSlackBus`;
    ///   `GridError.invalidReconfiguration` when the fixed closed branches form a loop or
    ///   join two slack buses, or when some bus cannot be fed even with every switch closed.
    public init(network: Network, fixed: Set<Int> = [], source: String? = nil) throws(GridError) {
        let name = source ?? network.name
        try network.validate(source: name)
        var index: [Int: Int] = [:]
        for (i, bus) in network.buses.enumerated() { index[bus.id] = i }
        let slacks = network.buses.indices.filter { network.buses[$0].type == .slack }
        guard let firstSlack = slacks.first else { throw .noSlackBus(source: name) }
        // Buses → nodes: every slack bus is the source, then each fixed closed branch joins its ends.
        var groups = UnionFind(count: network.buses.count)
        for slack in slacks.dropFirst() { _ = groups.union(firstSlack, slack) }
        for k in network.branches.indices where fixed.contains(k) && network.branches[k].inService {
            let f = index[network.branches[k].fromBus]!, t = index[network.branches[k].toBus]!
            guard groups.union(f, t) else {
                throw .invalidReconfiguration(message: "\(name): the branches that may not switch already close a loop or join two slack buses at branch \(network.branchLabel(k)) (row \(k + 1))")
            }
        }
        var node = [Int](repeating: -1, count: network.buses.count)
        node[groups.find(firstSlack)] = 0
        var nodes = 1
        for bus in network.buses.indices where node[groups.find(bus)] < 0 {
            node[groups.find(bus)] = nodes
            nodes += 1
        }
        let switchable = network.branches.indices.filter { !fixed.contains($0) }
        let ends = switchable.map { k in
            (a: node[groups.find(index[network.branches[k].fromBus]!)], b: node[groups.find(index[network.branches[k].toBus]!)])
        }
        var reach = UnionFind(count: nodes)
        for e in ends { _ = reach.union(e.a, e.b) }
        let unfed = network.buses.indices.filter { reach.find(node[groups.find($0)]) != reach.find(0) }
        guard unfed.isEmpty else {
            throw .invalidReconfiguration(message: "\(name): bus(es) \(unfed.prefix(20).map { String(network.buses[$0].id) }.joined(separator: ", ")) cannot be fed from a slack bus even with every switchable branch closed")
        }
        self.network = network
        self.switchable = switchable
        nodeCount = nodes
        self.ends = ends
    }

    /// The number of radial, connected configurations: the determinant of the
    /// contracted graph's Laplacian without the source's row and column
    /// (Kirchhoff), by Gaussian elimination with partial pivoting in Double —
    /// exact for counts below 2⁵³ up to rounding of the elimination, which the
    /// final rounding absorbs for feeders of a few hundred nodes.
    public var count: Double {
        let n = nodeCount - 1
        guard n > 0 else { return 1 }
        var laplacian = [Double](repeating: 0, count: n * n)
        for e in ends where e.a != e.b {
            for (x, y) in [(e.a, e.b), (e.b, e.a)] where x > 0 {
                laplacian[(x - 1) * n + (x - 1)] += 1
                if y > 0 { laplacian[(x - 1) * n + (y - 1)] -= 1 }
            }
        }
        var determinant = 1.0
        for column in 0..<n {
            var pivot = column
            for row in column..<n where abs(laplacian[row * n + column]) > abs(laplacian[pivot * n + column]) { pivot = row }
            guard laplacian[pivot * n + column] != 0 else { return 0 }
            if pivot != column {
                for j in 0..<n { laplacian.swapAt(column * n + j, pivot * n + j) }
                determinant = -determinant
            }
            let p = laplacian[column * n + column]
            determinant *= p
            for row in (column + 1)..<n where laplacian[row * n + column] != 0 {
                let factor = laplacian[row * n + column] / p
                for j in column..<n { laplacian[row * n + j] -= factor * laplacian[column * n + j] }
            }
        }
        return determinant.rounded()
    }

    /// Calls `body` once per radial, connected configuration with the in-service
    /// state of every branch (fixed ones as in the case), in a fixed order: depth
    /// first over the switchable branches in index order, closing before opening.
    /// Every call is a valid configuration: a branch is closed only when it joins
    /// two separate parts and opened only when the rest can still connect them.
    public func forEach(_ body: ([Bool]) throws -> Void) rethrows {
        var state = network.branches.map(\.inService)
        var parts = RollbackUnionFind(count: nodeCount)
        var scratch = [Int](repeating: 0, count: nodeCount)
        try visit(0, components: nodeCount, state: &state, parts: &parts, scratch: &scratch, body)
    }

    private func visit(_ i: Int, components: Int, state: inout [Bool], parts: inout RollbackUnionFind, scratch: inout [Int],
                       _ body: ([Bool]) throws -> Void) rethrows {
        if components == 1 {
            // Connected: every remaining switchable branch would close a loop, so it is open.
            for j in i..<switchable.count { state[switchable[j]] = false }
            try body(state)
            return
        }
        guard i < switchable.count else { return }
        let k = switchable[i]
        let ra = parts.find(ends[i].a), rb = parts.find(ends[i].b)
        if ra != rb {
            state[k] = true
            parts.union(ra, rb)
            try visit(i + 1, components: components - 1, state: &state, parts: &parts, scratch: &scratch, body)
            parts.undo()
            // Opening it must leave a way to join its two parts through the branches still to decide.
            guard connectable(ra, rb, after: i, parts: parts, scratch: &scratch) else { return }
        }
        state[k] = false
        try visit(i + 1, components: components, state: &state, parts: &parts, scratch: &scratch, body)
    }

    /// Whether parts `a` and `b` are joined by the current parts plus the switchable branches after `i`.
    private func connectable(_ a: Int, _ b: Int, after i: Int, parts: RollbackUnionFind, scratch: inout [Int]) -> Bool {
        for x in 0..<nodeCount { scratch[x] = parts.find(x) }
        func root(_ x: Int) -> Int {
            var x = x
            while scratch[x] != x { x = scratch[x] }
            return x
        }
        for j in (i + 1)..<switchable.count {
            let x = root(ends[j].a), y = root(ends[j].b)
            if x != y { scratch[x] = y }
        }
        return root(a) == root(b)
    }
}

/// Disjoint sets with path halving, for building the contracted graph.
struct UnionFind {
    private var parent: [Int]

    init(count: Int) { parent = Array(0..<count) }

    mutating func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }

    /// Joins the sets of `a` and `b`; false when they were already one.
    mutating func union(_ a: Int, _ b: Int) -> Bool {
        let ra = find(a), rb = find(b)
        guard ra != rb else { return false }
        parent[ra] = rb
        return true
    }
}

/// Disjoint sets that can undo their last union (union by size, no path
/// compression), for depth-first enumeration.
struct RollbackUnionFind: Sendable {
    private var parent: [Int]
    private var size: [Int]
    private var joined: [Int] = []

    init(count: Int) {
        parent = Array(0..<count)
        size = [Int](repeating: 1, count: count)
    }

    func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x { x = parent[x] }
        return x
    }

    /// Joins two distinct roots.
    mutating func union(_ ra: Int, _ rb: Int) {
        let (small, large) = size[ra] < size[rb] ? (ra, rb) : (rb, ra)
        parent[small] = large
        size[large] += size[small]
        joined.append(small)
    }

    mutating func undo() {
        let small = joined.removeLast()
        let large = parent[small]
        size[large] -= size[small]
        parent[small] = small
    }
}

extension RadialConfigurations {
    /// A random radial configuration: the switchable branches in a random order
    /// (Fisher–Yates with `generator`), each closed when it joins two separate
    /// parts (Kruskal), the rest open.
    public func randomConfiguration(using generator: inout SeededGenerator) -> [Bool] {
        var order = Array(switchable.indices)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, Int(generator.next() % UInt64(i + 1)))
        }
        var state = network.branches.map(\.inService)
        var parts = UnionFind(count: nodeCount)
        for i in order { state[switchable[i]] = parts.union(ends[i].a, ends[i].b) }
        return state
    }
}
