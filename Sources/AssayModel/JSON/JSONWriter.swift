/// Compact JSON writing that keeps object members in the order given (for human-facing
/// files such as fixtures); strings and numbers are written as in ``CanonicalJSON``.
public enum JSONWriter {
    /// Encodes a value compactly, members in the given order.
    public static func encode(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the compact encoding of a value.
    public static func append(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                append(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (position, member) in members.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                CanonicalJSON.appendString(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                append(member.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        default:
            CanonicalJSON.append(value, to: &out)
        }
    }
}
