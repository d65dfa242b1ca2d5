/// Branches named the way users and reports name them, `"F-T"` in the case's
/// bus ids, and switch states set by those names (`p2pgrid powerflow --open`,
/// `reconfigure`'s answer).
extension Network {
    /// `"F-T"`: the branch's from and to bus ids.
    public func branchLabel(_ branch: Int) -> String {
        "\(branches[branch].fromBus)-\(branches[branch].toBus)"
    }

    /// The branch a label names: `"F-T"` or `"T-F"` (either direction).
    /// - Throws: `GridError.invalidReconfiguration` naming the label when it is
    ///   malformed, names no branch, or names parallel branches (ambiguous).
    public func branchIndex(label: String) throws(GridError) -> Int {
        let parts = label.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = Int(parts[0].trimmingSpaces), let b = Int(parts[1].trimmingSpaces) else {
            throw .invalidReconfiguration(message: "'\(label)' is not a branch as F-T in bus ids (e.g. 25-29)")
        }
        let matches = branches.indices.filter {
            (branches[$0].fromBus == a && branches[$0].toBus == b) || (branches[$0].fromBus == b && branches[$0].toBus == a)
        }
        guard let first = matches.first else {
            throw .invalidReconfiguration(message: "\(name) has no branch between buses \(a) and \(b) ('\(label)')")
        }
        guard matches.count == 1 else {
            throw .invalidReconfiguration(message: "'\(label)' names \(matches.count) parallel branches of \(name) (rows \(matches.map { String($0 + 1) }.joined(separator: ", "))); it is ambiguous")
        }
        return first
    }

    /// A copy with every branch's in-service state set from `inService` (one entry per branch).
    public func withSwitches(_ inService: [Bool]) -> Network {
        var result = self
        for k in result.branches.indices { result.branches[k].inService = inService[k] }
        return result
    }

    /// A copy with the branches labelled in `open` out of service and those in
    /// `close` in service. Nothing checks radiality here: the power flow's
    /// topology does (`RadialTopology`), naming the loop or the island.
    /// - Throws: `GridError.invalidReconfiguration` for an unknown or ambiguous
    ///   label, or a branch both opened and closed.
    public func switching(open: [String], close: [String]) throws(GridError) -> Network {
        var result = self
        var opened = Set<Int>()
        for label in open {
            let k = try branchIndex(label: label)
            opened.insert(k)
            result.branches[k].inService = false
        }
        for label in close {
            let k = try branchIndex(label: label)
            guard !opened.contains(k) else {
                throw .invalidReconfiguration(message: "branch \(branchLabel(k)) is both opened and closed")
            }
            result.branches[k].inService = true
        }
        return result
    }
}

private extension Substring {
    var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
