import ArgumentParser
import Foundation
import HDF5Store

/// `p2pgrid h5`: looking inside the HDF5 files the pipeline writes.
struct H5Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "h5",
        abstract: "Inspect HDF5 files written by p2pgrid (or any HDF5 writer).",
        subcommands: [H5ListCommand.self]
    )
}

/// `p2pgrid h5 ls FILE [--json]`: the tree of groups and datasets with shapes,
/// dtypes, chunking, compression and attributes.
struct H5ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List an HDF5 file's groups and datasets with shapes, dtypes, chunking, compression and attributes.",
        discussion: "Exits with status 2 when FILE is missing, not HDF5, or damaged."
    )

    @Argument(help: "The HDF5 file to list.")
    var file: String

    @Flag(help: "Print the tree as JSON (every attribute value in full) instead of text.")
    var json = false

    func run() throws {
        let listing: H5Listing
        do {
            let reader = try HDF5File.openReadOnly(atPath: file)
            listing = try H5Listing(file: file, rootAttributes: reader.attributes(of: "/"), members: reader.members())
            try reader.close()
        } catch let error as HDF5StoreError {
            FileHandle.standardError.write(Data("p2pgrid h5 ls: \(error)\n".utf8))
            throw ExitCode(2)
        }
        print(json ? try listing.json() : listing.text(), terminator: "")
    }
}
