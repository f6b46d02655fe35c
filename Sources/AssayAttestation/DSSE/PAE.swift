/// DSSE's Pre-Authentication Encoding, the exact bytes a DSSE signature covers.
///
/// From the DSSE protocol v1.0.0 (secure-systems-lab/dsse, `protocol.md`):
///
///     PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
///
/// where SP is one ASCII space and LEN is the byte length in ASCII decimal without leading zeros.
/// Example: type `http://example.com/HelloWorld`, body `hello world` give
/// `DSSEv1 29 http://example.com/HelloWorld 11 hello world`.
public enum PAE {
    /// The PAE of a payload type (UTF-8 encoded) and a serialized body.
    public static func encode(payloadType: String, payload: [UInt8]) -> [UInt8] {
        let type = Array(payloadType.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + type.count + 32)
        out.append(contentsOf: "DSSEv1 \(type.count) ".utf8)
        out.append(contentsOf: type)
        out.append(contentsOf: " \(payload.count) ".utf8)
        out.append(contentsOf: payload)
        return out
    }
}
