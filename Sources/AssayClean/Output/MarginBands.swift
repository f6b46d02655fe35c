/// The margin thresholds at which a run counts its dataset rows (the report's "rows by consensus margin"), so
/// a user can pick a stricter `min_margin` knowing what it keeps. The margin is P(chosen) − P(rejected) of the
/// weighted consensus (Docs/cleaning.md).
enum MarginBands {
    /// Lower bounds, strictest first; the last (0) counts every row.
    static let lowerBounds: [Double] = [0.5, 0.3, 0.2, 0.1, 0.05, 0]
}
