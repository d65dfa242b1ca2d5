import Foundation
import Synchronization

/// A single self-overwriting progress line on standard error
/// (`label: done/total, rate/s, ETA`), throttled to a few updates per second.
final class ProgressLine: Sendable {
    private let label: String
    private let lastDraw = Mutex<ContinuousClock.Instant?>(nil)

    init(label: String) {
        self.label = label
    }

    func update(done: Int, total: Int, rate: Double, eta: Double) {
        let now = ContinuousClock.now
        let draw = lastDraw.withLock { last -> Bool in
            if let last, now - last < .milliseconds(200), done < total { return false }
            last = now
            return true
        }
        guard draw else { return }
        let etaText = eta.isFinite ? String(format: "%.0f s", eta) : "?"
        let line = String(format: "\r%@: %d/%d samples, %.0f samples/s, ETA %@   ", label, done, total, rate, etaText)
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Draws `label: text (elapsed s)`, at most a few times per second.
    func note(_ text: String, elapsed: Double) {
        let now = ContinuousClock.now
        let draw = lastDraw.withLock { last -> Bool in
            if let last, now - last < .milliseconds(200) { return false }
            last = now
            return true
        }
        guard draw else { return }
        FileHandle.standardError.write(Data(String(format: "\r%@: %@ (%.0f s)   ", label, text, elapsed).utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
