/// Why a rating was not taken: the record (line and/or `rating_id`), the field, the reason.
///
/// Contract v1 ("Bad input"): a rejected rating names the line or the `rating_id`, the
/// field and the reason. A ``Kind/conflict`` is a rating that is well-formed but disagrees
/// with what is stored (same `rating_id` with other content, or item texts that differ).
public struct RatingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Whether the record is malformed or conflicts with stored data.
    public enum Kind: String, Sendable, Codable {
        case rejected
        case conflict
    }

    public var kind: Kind
    /// 1-based line in the source (JSON Lines, CSV), or the element index + 1 of a JSON array body.
    public var line: Int?
    /// The record's `rating_id`, when it could be read.
    public var ratingID: String?
    /// The offending field (`nil` when the whole record is unreadable).
    public var field: String?
    /// What is wrong, in words a user can act on.
    public var reason: String

    public init(kind: Kind = .rejected, line: Int? = nil, ratingID: String? = nil, field: String?, reason: String) {
        self.kind = kind
        self.line = line
        self.ratingID = ratingID
        self.field = field
        self.reason = reason
    }

    /// Builds a rejection for a field.
    public static func field(_ field: String, _ reason: String) -> RatingError {
        RatingError(field: field, reason: reason)
    }

    public var description: String {
        var parts: [String] = []
        if let line { parts.append("line \(line)") }
        if let ratingID { parts.append("rating_id \"\(ratingID)\"") }
        if let field { parts.append("field \"\(field)\"") }
        let prefix = parts.isEmpty ? "" : parts.joined(separator: ", ") + ": "
        return "\(prefix)\(kind == .conflict ? "conflict: " : "")\(reason)"
    }
}
