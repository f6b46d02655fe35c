import AssayPluginAPI

/// The response objects of pairwise items: one per distinct (prompt, response text), so the same response
/// compared in several pairs is one object for the Bradley–Terry prior of `PooledDawidSkene`.
///
/// Texts are keyed by a 64-bit FNV-1a hash of the prompt and response bytes (deterministic across processes,
/// unlike `Hasher`); with 10 million objects the chance that two distinct texts share a key is about 3 in a
/// million, and a collision only merges two responses' strengths.
struct ResponseObjects: Sendable {
    /// Per item of the snapshot, the object of its first and second canonical response (−1 for other kinds).
    var first: [Int32] = []
    var second: [Int32] = []
    /// Per item, its display layout when every rating showed it the same way: +1 when the first canonical response
    /// was always shown first, −1 when always second, 0 when the order varied or was not recorded (other kinds: 0).
    var layout: [Int8] = []
    /// Number of distinct objects.
    var count = 0

    /// Hashes every pairwise item's texts once; a run builds this once and both consensus passes use it.
    init(_ view: SnapshotView) {
        let items = view.items
        var index: [UInt64: Int32] = [:]
        first = [Int32](repeating: -1, count: items.count)
        second = [Int32](repeating: -1, count: items.count)
        layout = [Int8](repeating: 0, count: items.count)
        for item in 0..<items.count where items.responseCount(of: item) == 2 && Self.isPairwise(view, item) {
            let prompt = Self.fnv1a(items.prompts.bytes(at: item), seed: Self.offsetBasis)
            var objects: [Int32] = []
            for global in items.responses(of: item) {
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
            first[item] = objects[0]
            second[item] = objects[1]
            layout[item] = Self.fixedLayout(view, item)
        }
    }

    /// +1 / −1 when every rating of the item showed canonical response 0 first / second, else 0.
    private static func fixedLayout(_ view: SnapshotView, _ item: Int) -> Int8 {
        var seen: Int8 = 0
        for row in view.ratingRows(ofItem: item) {
            guard let shownFirst = view.ratings.shownOrder[Int(row)].first else { return 0 }
            let sign: Int8 = shownFirst == 0 ? 1 : -1
            if seen == 0 {
                seen = sign
            } else if seen != sign {
                return 0
            }
        }
        return seen
    }

    /// Whether an item's ratings are pairwise (its first rating's kind).
    private static func isPairwise(_ view: SnapshotView, _ item: Int) -> Bool {
        guard let row = view.ratingRows(ofItem: item).first else { return false }
        return view.ratings.kind[Int(row)] == RatingKind.pairwise.rawValue
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
