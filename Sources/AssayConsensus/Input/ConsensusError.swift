/// An input that a consensus method cannot work on, with a message a user can act on.
public enum ConsensusError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Parallel columns have different lengths.
    case lengthMismatch(column: String, expected: Int, actual: Int)
    /// An index lies outside `0..<count`.
    case indexOutOfRange(column: String, row: Int, value: Int32, count: Int)
    /// A count, parameter or setting is not usable.
    case invalidParameter(name: String, reason: String)
    /// There is nothing to aggregate.
    case empty(String)

    public var description: String {
        switch self {
        case .lengthMismatch(let column, let expected, let actual):
            return "Column '\(column)' has \(actual) entries but \(expected) were expected (all columns must be parallel)"
        case .indexOutOfRange(let column, let row, let value, let count):
            return "Column '\(column)' row \(row): index \(value) is outside 0..<\(count)"
        case .invalidParameter(let name, let reason):
            return "Parameter '\(name)' is invalid: \(reason)"
        case .empty(let what):
            return "Nothing to aggregate: \(what)"
        }
    }
}

@inline(__always)
func checkIndices(_ column: [Int32], name: String, count: Int) throws(ConsensusError) {
    guard count >= 0, count <= Int(Int32.max) else {
        throw .invalidParameter(name: name, reason: "count \(count) must lie in 0...\(Int32.max)")
    }
    let limit = Int32(count)
    for (row, v) in column.enumerated() where v < 0 || v >= limit {
        throw .indexOutOfRange(column: name, row: row, value: v, count: count)
    }
}

@inline(__always)
func checkLength(_ n: Int, _ expected: Int, name: String) throws(ConsensusError) {
    if n != expected { throw .lengthMismatch(column: name, expected: expected, actual: n) }
}
