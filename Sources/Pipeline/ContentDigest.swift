import Crypto

/// SHA-256 (FIPS 180-4) content digests for cache keys, pipeline-file hashes
/// and output checksums, computed by swift-crypto's `SHA256` (BoringSSL's
/// assembly where the CPU has it). Nothing here is security-relevant; the
/// digests are the standard ones, so any `sha256sum` reproduces them.
public struct ContentDigest: Sendable {
    private var hasher = Crypto.SHA256()

    /// A fresh hash state.
    public init() {}

    /// Feeds more message bytes.
    public mutating func update(_ bytes: [UInt8]) {
        hasher.update(data: bytes)
    }

    /// Feeds a string's UTF-8 bytes.
    public mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }

    /// The 32-byte digest of everything fed so far (the state itself is left as it is).
    public func finalize() -> [UInt8] {
        Array(hasher.finalize())
    }

    /// The digest as 64 lowercase hexadecimal characters.
    public func finalizeHex() -> String {
        Self.hex(finalize())
    }

    /// Hex digest of a complete message.
    public static func hexDigest(of bytes: [UInt8]) -> String {
        hex(Array(Crypto.SHA256.hash(data: bytes)))
    }

    /// Hex digest of a string's UTF-8 bytes.
    public static func hexDigest(of text: String) -> String {
        hexDigest(of: Array(text.utf8))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var characters: [UInt8] = []
        characters.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            characters.append(digits[Int(byte >> 4)])
            characters.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
