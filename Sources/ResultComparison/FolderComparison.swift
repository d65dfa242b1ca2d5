import Foundation

/// Two folders (report folders such as `Reports/paper`, work directories)
/// compared file by file: files are paired by their path relative to the
/// folder; a file on one side only is structurally different; each pair is
/// compared by the `FileComparison` of its `FileKind`, HDF5 items named
/// `relative/path.h5:/object`.
///
/// Hidden files and folders (names starting with `.`, such as the report
/// publisher's `.paper.incoming/`) are skipped. Symbolic links to files are
/// followed; links to folders are not descended into, so a link cycle cannot
/// make the walk endless.
struct FolderComparison {
    /// The tolerances applied to every file.
    let tolerances: ComparisonTolerances

    /// The items of every file under `a` and `b`, in path order.
    func compare(_ a: String, _ b: String) throws(ComparisonError) -> [ItemComparison] {
        let filesA = try Self.files(in: a), filesB = try Self.files(in: b)
        let paths = filesA.union(filesB).sorted {
            $0.split(separator: "/").lexicographicallyPrecedes($1.split(separator: "/"))
        }
        var items: [ItemComparison] = []
        for path in paths {
            let pathA = a + "/" + path, pathB = b + "/" + path
            guard filesA.contains(path), filesB.contains(path) else {
                let side = filesA.contains(path) ? "A" : "B"
                items.append(.different(name: path, kind: .file, reason: "only in \(side)"))
                continue
            }
            let kind = FileKind.pair(try FileKind.of(pathA), try FileKind.of(pathB))
            let found = try kind.comparison.compare(pathA, pathB, name: path, tolerances: tolerances)
            items += kind == .hdf5 ? found.map { $0.inFile(path) } : found
        }
        return items
    }

    /// Paths of the regular files under `folder`, relative to it.
    static func files(in folder: String) throws(ComparisonError) -> Set<String> {
        var files: Set<String> = []
        var pending = [""]
        while let relative = pending.popLast() {
            let directory = relative.isEmpty ? folder : folder + "/" + relative
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: directory)
            } catch {
                throw .unreadable(path: directory, reason: (error as NSError).localizedFailureReason ?? "\(error)")
            }
            for name in names where !name.hasPrefix(".") {
                let path = relative.isEmpty ? name : relative + "/" + name
                let full = folder + "/" + path
                let type = (try? FileManager.default.attributesOfItem(atPath: full)[.type]) as? FileAttributeType
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else {
                    throw .unreadable(path: full, reason: "a symbolic link to nothing")
                }
                if isDirectory.boolValue {
                    if type != .typeSymbolicLink { pending.append(path) }
                } else {
                    files.insert(path)
                }
            }
        }
        return files
    }
}
