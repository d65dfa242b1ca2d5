/// How the P2P market is cleared (DESIGN.md §3 and §13): `central` — one QP
/// with every MG's data (`P2PMarket`'s own solve) — or `admm` — consensus ADMM in
/// which each MG keeps its data and sends only trade offers (`ADMMMarket`).
/// Both reach the same trades, prices and welfare (within `ADMMOptions`'
/// tolerances); `admm` also reports what the clearing cost in messages.
public enum ClearingMethod: String, Sendable, Codable, CaseIterable {
    case central
    case admm

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let method = ClearingMethod(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = method
    }
}

/// What clearings cost in communication: ADMM rounds, the MG-to-MG trade offers
/// and the convergence flags and broadcasts, and their bytes. Zero for a central clearing.
public struct ClearingCommunication: Sendable, Equatable {
    public var rounds = 0
    public var offerMessages = 0
    public var statusMessages = 0
    public var bytes = 0

    public init() {}

    public init(_ trace: ADMMTrace) {
        rounds = trace.rounds
        offerMessages = trace.offerMessages
        statusMessages = trace.statusMessages
        bytes = trace.bytes
    }

    public var messages: Int { offerMessages + statusMessages }

    public static func + (a: ClearingCommunication, b: ClearingCommunication) -> ClearingCommunication {
        var sum = a
        sum.rounds += b.rounds
        sum.offerMessages += b.offerMessages
        sum.statusMessages += b.statusMessages
        sum.bytes += b.bytes
        return sum
    }
}
