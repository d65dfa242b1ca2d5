/// The radial structure of a network under its current switch states: every
/// in-service branch hangs one bus from its parent, each connected part is a
/// tree rooted at exactly one slack bus (the substation), and buses are
/// ordered from the roots outward.
///
/// Buses are addressed by *index* `0..<busCount`, the position in
/// `Network.buses`; `busIndex` maps case-file bus ids to indices. Branch
/// indices are positions in `Network.branches`.
public struct RadialTopology: Sendable, Equatable {
    /// Number of buses.
    public let busCount: Int
    /// Case-file bus id of each bus index.
    public let busIDs: [Int]
    /// Bus index of each case-file bus id.
    public let busIndex: [Int: Int]
    /// Indices of the slack buses, one per tree, in bus order.
    public let roots: [Int]
    /// Every bus index, each after its parent: roots first, then breadth-first.
    /// Iterate forward for the forward (voltage) sweep, backward for the backward (current) sweep.
    public let order: [Int]
    /// Parent bus index of each bus; nil for roots.
    public let parentBus: [Int?]
    /// The in-service branch joining each bus to its parent; nil for roots.
    public let parentBranch: [Int?]
    /// True when the parent is the branch's `fromBus` (the branch points away
    /// from the substation); false when the branch is stored reversed.
    public let parentIsFromBus: [Bool]
    /// Child bus indices of each bus, in the order they are reached.
    public let children: [[Int]]
    /// Number of branches between each bus and its root.
    public let depth: [Int]
    /// Out-of-service branches (open switches), in file order.
    public let openBranches: [Int]

    /// Builds the ordering of `network` from its slack buses through its
    /// in-service branches.
    ///
    /// - Throws: `GridError.noSlackBus`, `.meshed` (with the loop's buses and
    ///   branches), `.connectedSlackBuses`, `.islanded` (with the unreachable
    ///   buses), `.unknownBus` / `.duplicateBus` for inconsistent data.
    public init(network: Network, source: String? = nil) throws(GridError) {
        let name = source ?? network.name
        let n = network.buses.count
        var index: [Int: Int] = [:]
        for (i, bus) in network.buses.enumerated() {
            if index[bus.id] != nil { throw .duplicateBus(source: name, busID: bus.id, location: "bus row \(i + 1)") }
            index[bus.id] = i
        }
        var adjacency = Array(repeating: [(neighbor: Int, branch: Int)](), count: n)
        var open: [Int] = []
        for (k, branch) in network.branches.enumerated() {
            guard branch.inService else { open.append(k); continue }
            guard let f = index[branch.fromBus] else { throw .unknownBus(source: name, location: "branch row \(k + 1)", busID: branch.fromBus) }
            guard let t = index[branch.toBus] else { throw .unknownBus(source: name, location: "branch row \(k + 1)", busID: branch.toBus) }
            adjacency[f].append((t, k))
            adjacency[t].append((f, k))
        }
        let roots = network.buses.indices.filter { network.buses[$0].type == .slack }
        guard !roots.isEmpty else { throw .noSlackBus(source: name) }

        var parentBus = [Int?](repeating: nil, count: n)
        var parentBranch = [Int?](repeating: nil, count: n)
        var root = [Int](repeating: -1, count: n)
        var depth = [Int](repeating: 0, count: n)
        var children = Array(repeating: [Int](), count: n)
        var order: [Int] = []
        order.reserveCapacity(n)
        for r in roots { root[r] = r; order.append(r) }
        var head = 0
        while head < order.count {
            let bus = order[head]; head += 1
            for (neighbor, branch) in adjacency[bus] where branch != parentBranch[bus] {
                if root[neighbor] == -1 {
                    root[neighbor] = root[bus]
                    parentBus[neighbor] = bus
                    parentBranch[neighbor] = branch
                    depth[neighbor] = depth[bus] + 1
                    children[bus].append(neighbor)
                    order.append(neighbor)
                } else if neighbor == bus || parentBranch[neighbor] != branch {
                    // A second path to an already reached bus closes a loop (or joins two sources).
                    let (loopBuses, loopBranches) = Self.path(from: bus, to: neighbor, closing: branch,
                                                              parentBus: parentBus, parentBranch: parentBranch, depth: depth)
                    let ids = loopBuses.map { network.buses[$0].id }
                    if root[neighbor] == root[bus] {
                        throw .meshed(source: name, buses: ids, branches: loopBranches.sorted())
                    }
                    throw .connectedSlackBuses(source: name, buses: ids, branches: loopBranches)
                }
            }
        }
        if order.count < n {
            let unreachable = (0..<n).filter { root[$0] == -1 }.map { network.buses[$0].id }
            throw .islanded(source: name, buses: unreachable)
        }
        self.busCount = n
        self.busIDs = network.buses.map(\.id)
        self.busIndex = index
        self.roots = roots
        self.order = order
        self.parentBus = parentBus
        self.parentBranch = parentBranch
        self.parentIsFromBus = (0..<n).map { i in
            guard let k = parentBranch[i], let p = parentBus[i] else { return true }
            return index[network.branches[k].fromBus] == p && index[network.branches[k].toBus] == i
        }
        self.children = children
        self.depth = depth
        self.openBranches = open
    }

    /// The buses and tree branches on the path between `a` and `b` in the
    /// partially built forest, plus `closing` (the branch that joins them).
    /// When `a` and `b` lie in different trees the path runs through both roots.
    static func path(from a: Int, to b: Int, closing: Int, parentBus: [Int?], parentBranch: [Int?],
                     depth: [Int]) -> (buses: [Int], branches: [Int]) {
        var left = [a], right = [b]
        var leftBranches: [Int] = [], rightBranches: [Int] = []
        var x = a, y = b
        while x != y {
            if depth[x] >= depth[y], let p = parentBus[x], let k = parentBranch[x] {
                leftBranches.append(k); x = p; left.append(x)
            } else if let p = parentBus[y], let k = parentBranch[y] {
                rightBranches.append(k); y = p; right.append(y)
            } else if let p = parentBus[x], let k = parentBranch[x] {
                leftBranches.append(k); x = p; left.append(x)
            } else {
                break  // both at (different) roots: the path runs through the two sources
            }
        }
        guard x == y else {
            return (left.reversed() + right, leftBranches.reversed() + [closing] + rightBranches)
        }
        right.removeLast()
        return (left + right.reversed(), leftBranches + rightBranches.reversed() + [closing])
    }

    /// Bus indices from the root of `bus`'s tree down to `bus`.
    public func pathFromRoot(to bus: Int) -> [Int] {
        var path = [bus]
        var current = bus
        while let p = parentBus[current] { path.append(p); current = p }
        return path.reversed()
    }
}
