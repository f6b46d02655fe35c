import AssayCrypto
import AssayModel

/// Rebuilds stored ratings from their canonical content, the same way in every backend.
public enum StoredRatingDecoder {
    /// Why a stored rating row does not check out.
    public struct CorruptRating: Error, Sendable, CustomStringConvertible {
        public let ratingID: String
        public let reason: String

        public var description: String { "rating \(ratingID): \(reason)" }
    }

    /// The columns of one stored rating row.
    public struct Row: Sendable {
        public var sequence: Int64
        public var batchSequence: Int64
        public var content: String
        public var contentSHA256: String
        public var ratingID: String
        public var annotatorID: String
        public var itemID: String
        public var kind: Int64
        public var submittedAtMs: Int64
        public var durationMs: Int64?

        public init(
            sequence: Int64, batchSequence: Int64, content: String, contentSHA256: String, ratingID: String, annotatorID: String,
            itemID: String, kind: Int64, submittedAtMs: Int64, durationMs: Int64?
        ) {
            self.sequence = sequence
            self.batchSequence = batchSequence
            self.content = content
            self.contentSHA256 = contentSHA256
            self.ratingID = ratingID
            self.annotatorID = annotatorID
            self.itemID = itemID
            self.kind = kind
            self.submittedAtMs = submittedAtMs
            self.durationMs = durationMs
        }
    }

    /// Rebuilds a rating from its canonical content through the same decoder that validated it,
    /// and checks the row against itself: the content must hash to `content_sha256` and agree
    /// with the key columns. A row edited behind Assay's back fails here.
    /// - Throws: ``CorruptRating``.
    public static func decode(_ row: Row) throws -> StoredRating {
        guard SHA256Digest.hash(row.content).hex == row.contentSHA256 else {
            throw CorruptRating(ratingID: row.ratingID, reason: "its content does not match its sha256")
        }
        let rating: Rating
        do {
            rating = try RatingDecoder.decode(try JSONParser.parse(row.content), lineNumber: nil)
        } catch {
            throw CorruptRating(ratingID: row.ratingID, reason: "its stored content no longer decodes: \(error)")
        }
        guard rating.ratingID == row.ratingID, rating.annotatorID == row.annotatorID, rating.itemID == row.itemID,
            Int64(rating.kind.code) == row.kind, rating.submittedAt.millisecondsSinceEpoch == row.submittedAtMs,
            rating.durationMs == row.durationMs
        else {
            throw CorruptRating(ratingID: row.ratingID, reason: "its key columns disagree with its content")
        }
        return StoredRating(sequence: row.sequence, batchSequence: row.batchSequence, rating: rating, contentSHA256: row.contentSHA256)
    }
}
