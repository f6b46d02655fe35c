import AssayCrypto

extension Rating {
    /// The rating's content as canonical JSON: every contract field except the item texts
    /// (`prompt`, `responses`, which belong to the item and may be omitted after first sight).
    ///
    /// Two submissions of one `rating_id` are "the same content" (an idempotent re-send) exactly
    /// when their canonical encodings are equal: member order, whitespace, number spelling and
    /// the time zone of `submitted_at` do not matter. This is the reference definition;
    /// ``appendCanonicalContent(to:)`` produces the same bytes faster.
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

    /// Appends the canonical encoding of ``canonicalContent`` to `out`, writing members in
    /// their (fixed) sorted key order instead of building and sorting a JSON tree.
    public func appendCanonicalContent(to out: inout [UInt8]) {
        var first = true
        func key(_ name: StaticString) {
            out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            first = false
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        func strings(_ values: [String]) {
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                CanonicalJSON.appendString(value, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        func scores(_ values: [ResponseScore]) {
            // The generic encoder sorts members by UTF-16 code units, as canonical JSON requires.
            CanonicalJSON.append(.object(values.map { ($0.responseID, JSONValue.number($0.score)) }), to: &out)
        }
        // Keys in canonical (sorted) order.
        key("annotator_id")
        CanonicalJSON.appendString(annotatorID, to: &out)
        if case .score(_, _, let attribute) = answer {
            key("attribute")
            CanonicalJSON.appendString(attribute, to: &out)
        }
        if case .pairwise(let choice, _) = answer {
            key("choice")
            CanonicalJSON.appendString(choice.contractValue, to: &out)
        }
        if let durationMs {
            key("duration_ms")
            out.append(contentsOf: String(durationMs).utf8)
        }
        if let gold {
            key("gold")
            switch gold {
            case .pairwise(let choice): CanonicalJSON.appendString(choice.contractValue, to: &out)
            case .ranking(let ids): strings(ids)
            case .score(let values): scores(values)
            }
        }
        key("item_id")
        CanonicalJSON.appendString(itemID, to: &out)
        key("kind")
        CanonicalJSON.appendString(kind.rawValue, to: &out)
        if let meta {
            key("meta")
            CanonicalJSON.append(meta, to: &out)
        }
        if case .ranking(let ids) = answer {
            key("ranking")
            strings(ids)
        }
        key("rating_id")
        CanonicalJSON.appendString(ratingID, to: &out)
        if case .score(let values, let scale, _) = answer {
            key("scale")
            out.append(UInt8(ascii: "["))
            CanonicalJSON.appendNumber(scale.min, to: &out)
            out.append(UInt8(ascii: ","))
            CanonicalJSON.appendNumber(scale.max, to: &out)
            out.append(UInt8(ascii: "]"))
            key("scores")
            scores(values)
        }
        if let shownOrder {
            key("shown_order")
            strings(shownOrder)
        }
        if case .pairwise(_, let strength?) = answer {
            key("strength")
            CanonicalJSON.appendNumber(strength, to: &out)
        }
        key("submitted_at")
        out.append(UInt8(ascii: "\""))
        submittedAt.appendCanonical(to: &out)
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: "}"))
    }

    /// The canonical content bytes.
    public var canonicalContentBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(384)
        appendCanonicalContent(to: &out)
        return out
    }

    /// SHA-256 of the canonical content: the rating's digest in provenance and snapshots.
    public var contentDigest: SHA256Digest { SHA256Digest.hash(canonicalContentBytes) }
}
