/// Counts and distributions of a store.
public protocol StatisticsStore: Sendable {
    /// Counts and distributions for `assay stats`.
    func statistics() throws -> StoreStatistics
}
