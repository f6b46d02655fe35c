import Foundation

/// A DSSE JSON envelope (secure-systems-lab/dsse `envelope.md`): a payload, its type, and signatures over its PAE.
///
///     {"payload": "<base64>", "payloadType": "application/vnd.in-toto+json",
///      "signatures": [{"keyid": "<hex>", "sig": "<base64>"}]}
public struct Envelope: Hashable, Sendable, Codable {
    /// One signature and the (unauthenticated) hint naming its key.
    public struct Signature: Hashable, Sendable, Codable {
        /// A hint to which key made the signature; never trusted for a security decision.
        public var keyID: String?
        /// The signature bytes (base64 in JSON).
        public var sig: [UInt8]

        /// A signature with an optional key id.
        public init(keyID: String?, sig: [UInt8]) {
            self.keyID = keyID
            self.sig = sig
        }

        enum CodingKeys: String, CodingKey {
            case keyID = "keyid"
            case sig
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            keyID = try container.decodeIfPresent(String.self, forKey: .keyID)
            let text = try container.decode(String.self, forKey: .sig)
            guard let bytes = Base64.decode(text) else {
                throw DecodingError.dataCorruptedError(forKey: .sig, in: container, debugDescription: "'sig' is not base64")
            }
            sig = bytes
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(keyID, forKey: .keyID)
            try container.encode(Data(sig).base64EncodedString(), forKey: .sig)
        }
    }

    /// The serialized body that was signed.
    public var payload: [UInt8]
    /// How to interpret the payload.
    public var payloadType: String
    /// The signatures; any one that verifies with a trusted key makes the envelope valid.
    public var signatures: [Signature]

    /// An envelope from its parts.
    public init(payload: [UInt8], payloadType: String, signatures: [Signature]) {
        self.payload = payload
        self.payloadType = payloadType
        self.signatures = signatures
    }

    enum CodingKeys: String, CodingKey {
        case payload, payloadType, signatures
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .payload)
        guard let bytes = Base64.decode(text) else {
            throw DecodingError.dataCorruptedError(forKey: .payload, in: container, debugDescription: "'payload' is not base64")
        }
        payload = bytes
        payloadType = try container.decode(String.self, forKey: .payloadType)
        signatures = try container.decodeIfPresent([Signature].self, forKey: .signatures) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Data(payload).base64EncodedString(), forKey: .payload)
        try container.encode(payloadType, forKey: .payloadType)
        try container.encode(signatures, forKey: .signatures)
    }

    /// The bytes the signatures cover: ``PAE/encode(payloadType:payload:)`` of this envelope.
    public var preAuthenticationEncoding: [UInt8] {
        PAE.encode(payloadType: payloadType, payload: payload)
    }

    /// The envelope as a file: pretty-printed JSON with sorted keys and a final newline.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0a)
        return data
    }

    /// Parses an envelope from JSON.
    public init(jsonData: Data) throws {
        self = try JSONDecoder().decode(Envelope.self, from: jsonData)
    }
}

/// Base64 as DSSE allows it: standard or URL-safe alphabet, with or without padding.
enum Base64 {
    static func decode(_ text: String) -> [UInt8]? {
        var normalized = String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        let remainder = normalized.utf8.count % 4
        if remainder == 1 { return nil }
        if remainder > 0 { normalized += String(repeating: "=", count: 4 - remainder) }
        guard let data = Data(base64Encoded: normalized) else { return nil }
        return [UInt8](data)
    }
}
