/// The comparison of one item — an HDF5 dataset, attribute or group, a CSV
/// table, a text or binary file — in A and B: one line of `p2pgrid diff`.
public struct ItemComparison: Sendable, Equatable {
    /// What the item is.
    public enum Kind: String, Sendable, Equatable {
        /// An HDF5 dataset's values.
        case dataset
        /// An attribute of an HDF5 group or dataset.
        case attribute
        /// An HDF5 group (present or missing; its attributes are items of their own).
        case group
        /// A CSV file, compared cell by cell.
        case table
        /// A text file (Markdown, SVG, JSON, …), compared number by number.
        case text
        /// A binary file, compared byte by byte.
        case binary
        /// A file of a folder, when it is missing on one side or of another kind there.
        case file
    }

    /// The verdict.
    public enum Outcome: Sendable, Equatable {
        /// The same values (for files: the same bytes).
        case identical
        /// Some values differ, all within tolerance.
        case withinTolerance
        /// Some values differ beyond tolerance, or some text differs.
        case beyondTolerance
        /// The two cannot be compared value by value: one is missing, or the
        /// shape, type or layout differs; the reason says how.
        case different(reason: String)
        /// Values of a type this comparison does not read (compound, enum, …); the reason names it.
        case notCompared(reason: String)

        /// Whether this outcome makes the whole comparison fail.
        public var isFailure: Bool {
            switch self {
            case .beyondTolerance, .different: return true
            case .identical, .withinTolerance, .notCompared: return false
            }
        }
    }

    /// A non-numeric difference: the first one of the item, with both sides.
    public struct TextDifference: Sendable, Equatable {
        /// Where it is.
        public var location: DifferenceLocation
        /// A's text there (shortened around the difference).
        public var a: String
        /// B's text there.
        public var b: String

        /// A text difference at `location`.
        public init(location: DifferenceLocation, a: String, b: String) {
            self.location = location
            self.a = a
            self.b = b
        }
    }

    /// The item's name: an HDF5 path (`/opf/objective`, `/opf/status@status_names`),
    /// a file's path relative to the compared folders, or both joined
    /// (`data/dataset.h5:/opf/objective`).
    public var name: String
    /// What the item is.
    public var kind: Kind
    /// Type and shape (`float64 [100, 4]`), or nil where there is none to show.
    public var detail: String?
    /// The verdict.
    public var outcome: Outcome
    /// Values compared: elements, cells, numbers in text, or bytes.
    public var compared: Int
    /// Numbers that differ beyond tolerance (integers: that differ at all).
    public var beyondTolerance: Int
    /// Text that differs: string elements, non-numeric cells, lines whose
    /// non-numeric text differs.
    public var textMismatches: Int
    /// The largest absolute difference among the numbers, if any differ.
    public var largestAbsolute: LocatedDifference?
    /// The largest relative difference among the numbers, if any differ.
    public var largestRelative: LocatedDifference?
    /// The first non-numeric difference, if any.
    public var firstTextDifference: TextDifference?

    /// An item with its statistics; the outcome follows from them unless `structuralReason` is given.
    init(name: String, kind: Kind, detail: String?, compared: Int, beyondTolerance: Int, differing: Int,
         textMismatches: Int = 0, largestAbsolute: LocatedDifference? = nil, largestRelative: LocatedDifference? = nil,
         firstTextDifference: TextDifference? = nil, structuralReason: String? = nil) {
        self.name = name
        self.kind = kind
        self.detail = detail
        self.compared = compared
        self.beyondTolerance = beyondTolerance
        self.textMismatches = textMismatches
        self.largestAbsolute = largestAbsolute
        self.largestRelative = largestRelative
        self.firstTextDifference = firstTextDifference
        if let structuralReason {
            outcome = .different(reason: structuralReason)
        } else if beyondTolerance > 0 || textMismatches > 0 {
            outcome = .beyondTolerance
        } else {
            outcome = differing > 0 ? .withinTolerance : .identical
        }
    }

    /// An item that is identical without looking at its values (equal bytes).
    static func identical(name: String, kind: Kind, detail: String? = nil) -> ItemComparison {
        ItemComparison(name: name, kind: kind, detail: detail, compared: 0, beyondTolerance: 0, differing: 0)
    }

    /// An item that cannot be compared value by value, for `reason`.
    static func different(name: String, kind: Kind, detail: String? = nil, reason: String) -> ItemComparison {
        ItemComparison(name: name, kind: kind, detail: detail, compared: 0, beyondTolerance: 0, differing: 0,
                       structuralReason: reason)
    }

    /// An item whose values are of a type that is not compared.
    static func notCompared(name: String, kind: Kind, detail: String?, reason: String) -> ItemComparison {
        var item = identical(name: name, kind: kind, detail: detail)
        item.outcome = .notCompared(reason: reason)
        return item
    }

    /// The same item named within the file `file` of a folder comparison.
    func inFile(_ file: String) -> ItemComparison {
        var item = self
        item.name = file + ":" + name
        return item
    }
}
