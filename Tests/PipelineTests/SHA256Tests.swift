import Testing
@testable import Pipeline

/// SHA-256 against the FIPS 180-2 test vectors (Appendix B) and the empty message.
@Suite struct SHA256Tests {
    @Test func oneBlockMessage() {
        #expect(SHA256.hexDigest(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func multiBlockMessage() {
        #expect(SHA256.hexDigest(of: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func oneMillionA() {
        #expect(SHA256.hexDigest(of: [UInt8](repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func emptyMessage() {
        #expect(SHA256.hexDigest(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// Padding edge cases: 55, 56 and 64 bytes straddle the length field.
    @Test(arguments: [55, 56, 63, 64, 65, 119, 120])
    func incrementalUpdatesMatchOneShot(length: Int) {
        let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for split in [0, 1, length / 3, length / 2, length] {
            var hasher = SHA256()
            hasher.update(Array(message[..<split]))
            hasher.update(Array(message[split...]))
            #expect(hasher.finalizeHex() == SHA256.hexDigest(of: message))
        }
    }

    /// Independent check of the padding path: 896-bit FIPS 180-2 vector fed byte by byte.
    @Test func byteByByteUpdates() {
        var hasher = SHA256()
        for byte in "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8 { hasher.update([byte]) }
        #expect(hasher.finalizeHex() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
