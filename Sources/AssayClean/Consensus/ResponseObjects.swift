import AssayPluginAPI

/// The response objects of pairwise items: one per distinct (prompt, response text), so the same response
/// compared in several pairs is one object for the Bradley–Terry prior of `PooledDawidSkene`.
///
/// Texts are keyed by a 64-bit FNV-1a hash of the prompt and response bytes (deterministic across processes,
/// unlike `Hasher`); with 10 million objects the chance that two distinct texts share a key is about 3 in a
/// million, and a collision only merges two responses' strengths.
struct ResponseObjects {
    /// Per compact pairwise item, the object of its first and second canonical response.
    var first: [Int32] = []
    var second: [Int32] = []
    /// Number of distinct objects.
    var count = 0

    init(_ view: SnapshotView, pairItems: [Int32]) {
        var index: [UInt64: Int32] = [:]
        index.reserveCapacity(2 * pairItems.count)
        first.reserveCapacity(pairItems.count)
        second.reserveCapacity(pairItems.count)
        let items = view.items
        for item in pairItems {
            let responses = items.responses(of: Int(item))
            let prompt = Self.fnv1a(items.prompts.bytes(at: Int(item)), seed: Self.offsetBasis)
            var objects: [Int32] = []
            for global in responses.prefix(2) {
                let key = Self.fnv1a(items.responseTexts.bytes(at: global), seed: prompt ^ 0x9E37_79B9_7F4A_7C15)
                if let known = index[key] {
                    objects.append(known)
                } else {
                    let object = Int32(count)
                    index[key] = object
                    count += 1
                    objects.append(object)
                }
            }
            while objects.count < 2 { objects.append(objects.first ?? 0) }
            first.append(objects[0])
            second.append(objects[1])
        }
    }

    static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325

    /// FNV-1a over `bytes`, starting from `seed`.
    static func fnv1a(_ bytes: ArraySlice<UInt8>, seed: UInt64) -> UInt64 {
        var hash = seed
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
