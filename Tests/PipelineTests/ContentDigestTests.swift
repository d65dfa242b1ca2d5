import Foundation
import Testing
@testable import Pipeline

/// The cache's SHA-256 (swift-crypto) against the FIPS 180-4 example vectors
/// (the same messages as FIPS 180-2 Appendix B), the empty message, and
/// coreutils' `sha256sum` on files of every length around the block size.
@Suite struct ContentDigestTests {
    @Test func oneBlockMessage() {
        #expect(ContentDigest.hexDigest(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func multiBlockMessage() {
        #expect(ContentDigest.hexDigest(of: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func oneMillionA() {
        #expect(ContentDigest.hexDigest(of: [UInt8](repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func emptyMessage() {
        #expect(ContentDigest.hexDigest(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// Padding edge cases: 55, 56 and 64 bytes straddle the length field.
    @Test(arguments: [55, 56, 63, 64, 65, 119, 120])
    func incrementalUpdatesMatchOneShot(length: Int) {
        let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for split in [0, 1, length / 3, length / 2, length] {
            var hasher = ContentDigest()
            hasher.update(Array(message[..<split]))
            hasher.update(Array(message[split...]))
            #expect(hasher.finalizeHex() == ContentDigest.hexDigest(of: message))
        }
    }

    /// Strings are hashed as their UTF-8 bytes, through either entry point.
    @Test func stringsAreTheirUTF8Bytes() {
        let text = "κ = 10, P₂P — 电网"
        var hasher = ContentDigest()
        hasher.update(text)
        #expect(hasher.finalizeHex() == ContentDigest.hexDigest(of: Array(text.utf8)))
        #expect(ContentDigest.hexDigest(of: text) == ContentDigest.hexDigest(of: Array(text.utf8)))
    }

    /// An independent implementation: coreutils' sha256sum, for lengths 0…200 and a 1 MiB file.
    @Test func agreesWithSha256sum() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("p2pgrid-digest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var expected: [String: String] = [:]
        var paths: [String] = []
        for length in Array(0...200) + [1 << 20] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
            let path = directory.appendingPathComponent("m\(length)").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            expected[path] = ContentDigest.hexDigest(of: bytes)
            paths.append(path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = paths
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let lines = output.split(separator: "\n")
        #expect(lines.count == paths.count)
        for line in lines {
            let fields = line.split(separator: " ", maxSplits: 1)
            let path = String(fields[1].drop { $0 == " " || $0 == "*" })
            #expect(expected[path] == String(fields[0]), "\(path)")
        }
    }

    /// Independent check of the padding path: 896-bit FIPS 180-4 vector fed byte by byte.
    @Test func byteByByteUpdates() {
        var hasher = ContentDigest()
        for byte in "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8 { hasher.update([byte]) }
        #expect(hasher.finalizeHex() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
