import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Reporting

/// A scratch directory removed when the test ends.
final class ScratchDirectory {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.path + "/p2pgrid-reporting-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The bytes of `name` in the directory.
    func contents(_ name: String) -> Data? {
        FileManager.default.contents(atPath: path + "/" + name)
    }
}

/// An RFC 4180 reader written independently of `Table.csv()`, small enough to
/// check by eye: records end in CRLF, quoted fields may hold commas, CRLF and
/// doubled quotes.
func parseCSV(_ text: String) -> [[String]] {
    var records: [[String]] = [], record: [String] = [], field = ""
    var inQuotes = false, quotedFieldJustClosed = false
    var characters = Array(text.unicodeScalars)[...]
    while let scalar = characters.popFirst() {
        if inQuotes {
            if scalar == "\"" {
                if characters.first == "\"" { field.unicodeScalars.append(characters.removeFirst()) } else { inQuotes = false; quotedFieldJustClosed = true }
            } else {
                field.unicodeScalars.append(scalar)
            }
            continue
        }
        switch scalar {
        case "\"" where field.isEmpty && !quotedFieldJustClosed:
            inQuotes = true
        case ",":
            record.append(field); field = ""; quotedFieldJustClosed = false
        case "\r" where characters.first == "\n":
            characters.removeFirst()
            record.append(field); records.append(record)
            record = []; field = ""; quotedFieldJustClosed = false
        default:
            field.unicodeScalars.append(scalar)
        }
    }
    precondition(record.isEmpty && field.isEmpty && !inQuotes, "CSV does not end with CRLF")
    return records
}

/// What an SVG holds, read with Foundation's XMLParser.
struct SVGSummary {
    var root: String?
    var elementCounts: [String: Int] = [:]
    var text = ""

    /// Parses `data`; nil when it is not well-formed XML.
    init?(_ data: Data) {
        let delegate = Delegate()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse() else { return nil }
        root = delegate.root
        elementCounts = delegate.elementCounts
        text = delegate.text
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        var root: String?
        var elementCounts: [String: Int] = [:]
        var text = ""

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            if root == nil { root = elementName }
            elementCounts[elementName, default: 0] += 1
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text += string
        }
    }
}

/// The `ReportingError` that `body` throws, or nil.
func reportingError(_ body: () throws -> Void) -> ReportingError? {
    do {
        try body()
        return nil
    } catch {
        return error as? ReportingError
    }
}
