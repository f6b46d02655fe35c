/// Why a crowd-kit table could not be read: the message names the file, and the line and column where there is one.
public struct CrowdKitError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    /// An error with its full message.
    public init(_ description: String) { self.description = description }

    /// Runs a table parse, prefixing its error with the file it read.
    static func reading<T>(_ source: String, _ body: () throws(TableError) -> T) throws(CrowdKitError) -> T {
        do {
            return try body()
        } catch {
            throw CrowdKitError("\(source): \(error)")
        }
    }
}
