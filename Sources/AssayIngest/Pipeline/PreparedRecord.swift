import AssayCrypto
import AssayModel

/// What the parsing thread hands to the store writer.
enum PipeElement: Sendable {
    /// A record, parsed and checked as far as possible without the store.
    case record(PreparedRecord)
    /// The end of a batch, with the digest and size of the raw bytes it was read from.
    case boundary(rawDigest: SHA256Digest, rawBytes: Int64)
}

/// A source record after the work that needs no store: parsing, the self-contained contract
/// rules, canonical encoding, hashing, and the item rules when the item was carried earlier
/// in the same input.
///
/// A class, so handing one between threads and through the writer's loop retains one object
/// instead of every string and array inside a rating (measured: ~8% of the writer's time).
final class PreparedRecord: Sendable {
    enum Payload: Sendable {
        /// A valid rating. `checkedAgainst` is the item it passed the item rules against (carried
        /// by this or an earlier record of the input), or nil if the writer must check it.
        case rating(PreparedRating, checkedAgainst: DigestedItem?)
        case problem(RatingError)
    }

    let line: Int
    let payload: Payload

    init(line: Int, payload: Payload) {
        self.line = line
        self.payload = payload
    }
}

/// Prepares records on the parsing thread; remembers the items the input carried.
struct RecordPreparer {
    private var carriedItems: [String: DigestedItem] = [:]
    private static let cacheLimit = 10_000

    /// Parses and validates one non-blank source record.
    mutating func prepare(_ record: SourceRecord) -> PreparedRecord {
        do throws(RatingError) {
            let rating: Rating
            switch record.payload {
            case .blank:
                preconditionFailure("blank records are not prepared")
            case .unreadable(var error):
                error.line = record.line
                return PreparedRecord(line: record.line, payload: .problem(error))
            case .jsonLine(let bytes):
                rating = try bytes.withUnsafeBufferPointer { buffer throws(RatingError) in
                    try RatingDecoder.decode(line: buffer, lineNumber: record.line)
                }
            case .json(let value):
                rating = try RatingDecoder.decode(value, lineNumber: record.line)
            }
            var checked: DigestedItem?
            if let known = carriedItems[rating.itemID] {
                checked = known
            } else if let carried = rating.carriedItem {
                let digested = DigestedItem(carried)
                if carriedItems.count >= Self.cacheLimit { carriedItems.removeAll(keepingCapacity: true) }
                carriedItems[rating.itemID] = digested
                checked = digested
            }
            if let checked {
                do {
                    try rating.check(against: checked.item)
                } catch var error {
                    error.line = record.line
                    throw error
                }
            }
            return PreparedRecord(line: record.line, payload: .rating(PreparedRating(rating), checkedAgainst: checked))
        } catch {
            return PreparedRecord(line: record.line, payload: .problem(error))
        }
    }
}
