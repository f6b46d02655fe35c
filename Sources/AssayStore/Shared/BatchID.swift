import AssayCrypto
import AssayModel

/// Batch ids, the same shape in every backend.
public enum BatchID {
    /// A fresh random batch id: `b-<UTC time>-<8 hex>`.
    public static func make(at time: Timestamp) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<4).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let compact = time.description.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
            .prefix(15)
        return "b-\(compact)Z-\(Hex.encode(random))"
    }
}
