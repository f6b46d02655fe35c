import AssayModel

/// How a rating's contract fields are laid out in the `ratings` table: the answer members,
/// shown order, gold and meta each as canonical JSON text (readable in the `sqlite3` shell).
struct StoredColumns {
    let answer: String
    let shownOrder: String?
    let gold: String?
    let meta: String?

    init(_ rating: Rating) {
        answer = CanonicalJSON.encode(.object(rating.answer.contractMembers))
        shownOrder = rating.shownOrder.map { CanonicalJSON.encode(.array($0.map(JSONValue.string))) }
        gold = rating.gold.map { CanonicalJSON.encode($0.json) }
        meta = rating.meta.map(CanonicalJSON.encode)
    }
}
