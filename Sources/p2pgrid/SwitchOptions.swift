import ArgumentParser
import Grid

/// `--open F-T,…` / `--close F-T,…`: evaluate a feeder in another switch
/// configuration (branches named by their bus ids, either direction). The result
/// must still be radial and connected; the power flow or OPF says which loop or
/// island it is not.
struct SwitchOptions: ParsableArguments {
    @Option(name: .customLong("open"), help: "Branches to open, as F-T in bus ids, comma-separated (e.g. 7-8,9-10).")
    var openBranches: String = ""

    @Option(name: .customLong("close"), help: "Branches to close (e.g. tie switches 25-29), comma-separated.")
    var closeBranches: String = ""

    /// `network` with the switches set.
    func apply(to network: Network) throws(GridError) -> Network {
        try network.switching(open: ReconfigureCommand.labels(openBranches), close: ReconfigureCommand.labels(closeBranches))
    }
}
