import Foundation

/// Turns SIGINT and SIGTERM into a `CancellationFlag`: the runner stops
/// starting stages, running stages see `checkCancellation()` throw, and
/// unfinished outputs are removed before the process exits. A second signal
/// exits at once (status 130); whatever was unfinished stays in `incomplete/`
/// and is removed by the next run.
public final class SignalTrap: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var signalCount = 0

    /// Installs the handlers; `onFirstSignal` gets the signal's name.
    public init(cancelling flag: CancellationFlag, onFirstSignal: @escaping @Sendable (String) -> Void) {
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                guard let self else { return }
                let count = self.lock.withLock { () -> Int in
                    self.signalCount += 1
                    return self.signalCount
                }
                if count == 1 {
                    flag.cancel()
                    onFirstSignal(name)
                } else {
                    exit(130)
                }
            }
            source.resume()
            sources.append(source)
        }
    }
}
