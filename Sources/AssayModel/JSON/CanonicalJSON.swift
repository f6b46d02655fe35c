/// Deterministic JSON encoding: object members sorted by key (UTF-16 code units, as in
/// RFC 8785 JCS), no insignificant whitespace, minimal string escaping, numbers in their
/// shortest round-trip form (integers without a fraction).
///
/// Used for content digests (ratings, items, snapshots, audit entries) and for every
/// byte-reproducible output, so the same data always gives the same bytes.
public enum CanonicalJSON {
    /// Encodes a value canonically.
    public static func encode(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the canonical encoding of a value to a byte buffer.
    public static func append(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number): appendNumber(number, to: &out)
        case .string(let string): appendString(string, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                append(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            func appendMembers(_ members: some Collection<(key: String, value: JSONValue)>) {
                for (position, member) in members.enumerated() {
                    if position > 0 { out.append(UInt8(ascii: ",")) }
                    appendString(member.key, to: &out)
                    out.append(UInt8(ascii: ":"))
                    append(member.value, to: &out)
                }
            }
            let precedes: ((key: String, value: JSONValue), (key: String, value: JSONValue)) -> Bool = {
                $0.key.utf16.lexicographicallyPrecedes($1.key.utf16)
            }
            // Members usually arrive sorted (a canonical writer upstream): then no sorted copy.
            if zip(members, members.dropFirst()).allSatisfy({ precedes($0, $1) }) {
                appendMembers(members)
            } else {
                appendMembers(members.sorted(by: precedes))
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A number as canonical JSON text (`7`, `0.5`), also used in error messages.
    public static func numberText(_ number: Double) -> String {
        var out: [UInt8] = []
        appendNumber(number, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends a number: integral values within ±2^53 print without a fraction.
    public static func appendNumber(_ number: Double, to out: inout [UInt8]) {
        if number == number.rounded(), abs(number) < 9_007_199_254_740_992 {
            out.append(contentsOf: String(Int64(number)).utf8)
        } else {
            out.append(contentsOf: number.description.utf8)
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends a quoted string, escaping only what JSON requires.
    public static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let plain: Bool? = string.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes where byte < 0x20 || byte == 0x22 || byte == 0x5C { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if plain == true {
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in string.utf8 {
            switch byte {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x00..<0x20:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
