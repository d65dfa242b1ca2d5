/// A Markdown report assembled from blocks, and the directory it is published as:
///
///     report.md             every heading, paragraph, table and figure, in order
///     tables/<name>.csv     one CSV per table
///     figures/<name>.svg    each figure, with its data (<name>.csv, …) and
///     figures/<name>.gp     the gnuplot script that drew it
///
/// Tables and figures are numbered in order of appearance. `report.md` is
/// written last, so its presence means every file it links to exists.
public struct ReportDocument: Sendable {
    /// One piece of the report.
    public enum Block: Sendable {
        /// A section heading; level 2 is a section (level 1 is the report title), clamped to 2…6.
        case heading(String, level: Int = 2)
        /// A paragraph of Markdown text, written as given.
        case paragraph(String)
        /// A numbered table, with a link to its CSV.
        case table(Table)
        /// A numbered figure, with links to its data and script.
        case figure(any Figure)
    }

    /// Subdirectory of the tables' CSVs.
    public static let tablesDirectory = "tables"
    /// Subdirectory of the figures and their data and scripts.
    public static let figuresDirectory = "figures"
    /// Name of the Markdown file.
    public static let markdownFileName = "report.md"

    /// The report's level-1 heading.
    public let title: String
    /// The blocks, in order.
    public private(set) var blocks: [Block]

    /// Creates a report.
    public init(title: String, blocks: [Block] = []) {
        self.title = title
        self.blocks = blocks
    }

    /// Appends a block at the end.
    public mutating func append(_ block: Block) {
        blocks.append(block)
    }

    /// The text of `report.md`. Throws when a figure's data cannot be drawn,
    /// since its caption links to data files that would not exist.
    public func markdown() throws -> String {
        var parts = ["# \(title)"]
        var tableNumber = 0, figureNumber = 0
        for block in blocks {
            switch block {
            case let .heading(text, level):
                parts.append(String(repeating: "#", count: min(6, max(2, level))) + " " + text)
            case let .paragraph(text):
                parts.append(text)
            case let .table(table):
                tableNumber += 1
                let csv = "\(Self.tablesDirectory)/\(table.csvFileName)"
                parts.append(table.markdown(label: "Table \(tableNumber)") + "\nData: [\(table.csvFileName)](\(csv))")
            case let .figure(figure):
                figureNumber += 1
                parts.append(try figureMarkdown(figure, label: "Figure \(figureNumber)"))
            }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// Writes the report into `directory` (created if needed) and returns the
    /// paths written, relative to it, sorted. Checks every name and figure
    /// before writing anything, so bad input leaves the directory untouched.
    @discardableResult
    public func write(to directory: String, renderer: GnuplotRenderer = GnuplotRenderer()) throws -> [String] {
        let markdown = try markdown()
        var planned: Set<String> = [Self.markdownFileName]
        func claim(_ path: String) throws {
            guard planned.insert(path).inserted else { throw ReportingError.duplicateFile(file: path) }
        }
        for block in blocks {
            switch block {
            case let .table(table):
                try claim("\(Self.tablesDirectory)/\(table.csvFileName)")
            case let .figure(figure):
                for file in try figure.dataTables().map(\.csvFileName) + [figure.scriptFileName, figure.svgFileName] {
                    try claim("\(Self.figuresDirectory)/\(file)")
                }
            case .heading, .paragraph:
                break
            }
        }

        for block in blocks {
            switch block {
            case let .table(table):
                try AtomicFile.write(table.csv(), to: "\(directory)/\(Self.tablesDirectory)/\(table.csvFileName)")
            case let .figure(figure):
                try renderer.render(figure, into: "\(directory)/\(Self.figuresDirectory)")
            case .heading, .paragraph:
                break
            }
        }
        try AtomicFile.write(markdown, to: "\(directory)/\(Self.markdownFileName)")
        return planned.sorted()
    }

    /// The image, then a caption line linking the data and the script.
    private func figureMarkdown(_ figure: any Figure, label: String) throws -> String {
        let directory = Self.figuresDirectory
        let data = try figure.dataTables().map { "[\($0.csvFileName)](\(directory)/\($0.csvFileName))" }
        return "![\(label). \(figure.title)](\(directory)/\(figure.svgFileName))\n\n"
            + Caption.line(label: label, title: figure.title, caption: figure.caption)
            + " Data: " + data.joined(separator: ", ")
            + "; script: [\(figure.scriptFileName)](\(directory)/\(figure.scriptFileName))."
    }
}
