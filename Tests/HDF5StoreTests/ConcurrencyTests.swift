import Foundation
import Testing
import HDF5Store

/// HDF5Store is called from many threads by the dataset generator and the
/// pipeline; concurrent use must neither crash nor mix up data.
@Suite struct ConcurrencyTests {
    /// Collects failures from worker threads.
    final class FailureLog: @unchecked Sendable {
        private let lock = NSLock()
        private var failures: [String] = []
        func record(_ failure: String) { lock.lock(); failures.append(failure); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return failures }
    }

    private static func rows(for worker: Int, count: Int) -> [Float] {
        (0..<(count * 20)).map { Float(worker * 1_000_000 + $0) }
    }

    @Test func threadsWritingAndReadingTheirOwnFiles() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let log = FailureLog()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            do {
                let path = scratch.file("worker\(worker).h5")
                let writer = try HDF5File.create(atPath: path)
                let values = Self.rows(for: worker, count: 500)
                try writer.write(values, shape: [500, 4, 5], to: "/inputs", chunks: [64, 4, 5], filters: .default)
                try writer.setAttribute("worker", to: Int64(worker), on: "/inputs")
                try writer.close()
                let reader = try HDF5File.openReadOnly(atPath: path)
                if try reader.read("/inputs", as: Float.self).values != values { log.record("worker \(worker): data differs") }
                if try reader.attribute("worker", of: "/inputs", as: Int64.self) != Int64(worker) {
                    log.record("worker \(worker): attribute differs")
                }
                _ = try? HDF5File.openReadOnly(atPath: scratch.file("missing\(worker).h5"))
            } catch {
                log.record("worker \(worker): \(error)")
            }
        }
        #expect(log.all.isEmpty, "\(log.all)")
    }

    @Test func threadsSharingOneHandle() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("shared.h5")
        let log = FailureLog()
        let writer = try HDF5File.create(atPath: path)
        DispatchQueue.concurrentPerform(iterations: 6) { worker in
            do {
                try writer.createExtendibleDataset("/workers/w\(worker)", of: Float.self, rowShape: [4, 5], chunkRows: 16,
                                                   filters: .default)
                let values = Self.rows(for: worker, count: 100)
                for piece in 0..<10 {
                    try writer.append(Array(values[(piece * 200)..<((piece + 1) * 200)]), to: "/workers/w\(worker)")
                }
            } catch {
                log.record("writer \(worker): \(error)")
            }
        }
        try writer.close()

        let reader = try HDF5File.openReadOnly(atPath: path)
        DispatchQueue.concurrentPerform(iterations: 12) { task in
            let worker = task % 6
            do {
                let expected = Self.rows(for: worker, count: 100)
                let start = task * 3
                let slab = try reader.readRows(start..<(start + 50), of: "/workers/w\(worker)", as: Float.self)
                if slab.values != Array(expected[(start * 20)..<((start + 50) * 20)]) { log.record("reader \(task): slab differs") }
            } catch {
                log.record("reader \(task): \(error)")
            }
        }
        #expect(log.all.isEmpty, "\(log.all)")
        #expect(try reader.members(of: "/workers").count == 6)
    }

    @Test func independentHandlesOnOneFileDoNotDisturbEachOther() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("twice.h5")
        let values = Self.rows(for: 3, count: 300)
        let writer = try HDF5File.create(atPath: path)
        try writer.write(values, shape: [300, 4, 5], to: "/inputs", chunks: [32, 4, 5], filters: .default)
        try writer.close()

        let first = try HDF5File.openReadOnly(atPath: path)
        let second = try HDF5File.openReadOnly(atPath: path)
        #expect(try first.readRows(0..<10, of: "/inputs", as: Float.self).values == Array(values[0..<200]))
        #expect(try second.readRows(10..<20, of: "/inputs", as: Float.self).values == Array(values[200..<400]))
        try first.close()
        #expect(try second.read("/inputs", as: Float.self).values == values)
        try second.close()
    }
}
