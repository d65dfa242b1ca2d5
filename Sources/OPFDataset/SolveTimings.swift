import HDF5Store

/// The solve times of a dataset, kept out of the dataset (they differ run to
/// run) in a sidecar file `<dataset>.timings.h5`:
///
///     /market_seconds  [N] f64   per-sample market-clearing time
///     /opf_seconds     [N] f64   per-sample OPF time
///     @wall_seconds, @workers                 (one run)
///     @shard_wall_seconds, @shard_workers     (merged shards: one value per shard)
struct SolveTimings {
    var marketSeconds: [Double]
    var opfSeconds: [Double]
    /// One entry for a single run, one per shard for merged shards.
    var wallSeconds: [Double]
    var workers: [Int64]

    init(marketSeconds: [Double], opfSeconds: [Double], wallSeconds: [Double], workers: [Int64]) {
        self.marketSeconds = marketSeconds
        self.opfSeconds = opfSeconds
        self.wallSeconds = wallSeconds
        self.workers = workers
    }

    /// Reads a sidecar file written by `write(to:)`.
    init(readingFile path: String) throws {
        let file = try HDF5File.openReadOnly(atPath: path)
        defer { try? file.close() }
        marketSeconds = try file.read("/market_seconds", as: Double.self).values
        opfSeconds = try file.read("/opf_seconds", as: Double.self).values
        let names = Set(try file.attributeNames())
        if names.contains("wall_seconds") {
            wallSeconds = [try file.attribute("wall_seconds", as: Double.self)]
            workers = [try file.attribute("workers", as: Int64.self)]
        } else {
            wallSeconds = try file.attributeArray("shard_wall_seconds", as: Double.self)
            workers = try file.attributeArray("shard_workers", as: Int64.self)
        }
    }

    /// The timings of shards, in shard order, as one file's.
    init(merging parts: [SolveTimings]) {
        self.init(marketSeconds: parts.flatMap(\.marketSeconds), opfSeconds: parts.flatMap(\.opfSeconds),
                  wallSeconds: parts.flatMap(\.wallSeconds), workers: parts.flatMap(\.workers))
    }

    func write(to path: String) throws {
        let file = try HDF5File.create(atPath: path)
        try file.write(marketSeconds, shape: [marketSeconds.count], to: "/market_seconds")
        try file.write(opfSeconds, shape: [opfSeconds.count], to: "/opf_seconds")
        if wallSeconds.count == 1 {
            try file.setAttribute("wall_seconds", to: wallSeconds[0])
            try file.setAttribute("workers", to: workers[0])
        } else {
            try file.setAttribute("shard_wall_seconds", to: wallSeconds)
            try file.setAttribute("shard_workers", to: workers)
        }
        try file.close()
    }
}
