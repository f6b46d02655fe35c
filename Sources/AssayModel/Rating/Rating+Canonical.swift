import AssayCrypto

extension Rating {
    /// The rating's content as canonical JSON: every contract field except the item texts
    /// (`prompt`, `responses`, which belong to the item and may be omitted after first sight).
    ///
    /// Two submissions of one `rating_id` are "the same content" (an idempotent re-send) exactly
    /// when their canonical encodings are equal: member order, whitespace, number spelling and
    /// the time zone of `submitted_at` do not matter.
    public var canonicalContent: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("rating_id", .string(ratingID)),
            ("annotator_id", .string(annotatorID)),
            ("item_id", .string(itemID)),
            ("kind", .string(kind.rawValue)),
            ("submitted_at", .string(submittedAt.description)),
        ]
        members.append(contentsOf: answer.contractMembers)
        if let shownOrder { members.append(("shown_order", .array(shownOrder.map(JSONValue.string)))) }
        if let durationMs { members.append(("duration_ms", .number(Double(durationMs)))) }
        if let gold { members.append(("gold", gold.json)) }
        if let meta { members.append(("meta", meta)) }
        return .object(members)
    }

    /// SHA-256 of the canonical content: the rating's digest in provenance and snapshots.
    public var contentDigest: SHA256Digest {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(320)
        CanonicalJSON.append(canonicalContent, to: &bytes)
        return SHA256Digest.hash(bytes)
    }
}
