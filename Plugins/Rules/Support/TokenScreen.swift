// Shared by `entity-promotion` and `trigger-backdoor` (a symlink in each plugin folder, like RuleStatistics.swift).

/// Two-stage multiple testing of (annotator, token) hypotheses, for rules that ask "is this annotator's behaviour
/// concentrated on one token?" of every annotator and every token.
///
/// Stage 1 (``candidates(tokens:reachable:small:level:fdr:)``) asks, for each hypothesis, whether its token is a
/// *candidate* in everyone else's tests — of the other annotators whose test on the token can reach `level` at all,
/// are improbably many at p ≤ `level`? — and how many of them look non-null. It never looks at the annotator's own test, so under that annotator's null
/// it is independent of their p-value and may weight it (independent filtering, Bourgon, Gentleman & Huber 2010).
/// Stage 2 (``family(minimumPValues:weights:alpha:)``) keeps the hypotheses whose smallest achievable weighted
/// p-value can reach the level (Tarone's screen, Tarone 1990, on pMin / w) and returns weights renormalised to
/// mean 1 over that family, for weighted Benjamini–Hochberg (Genovese, Roeder & Wasserman 2006). A campaign shared
/// by many accounts — one entity, one trigger word — is exactly what stage 1 sees; a lone attacker gets no stage-1
/// evidence and plain BH.
enum TokenScreen {
    /// Stage 1: per hypothesis, how strongly its token stands out in the *other* annotators' tests; 0 when it is
    /// not a candidate. `reachable[i]`: hypothesis i's test can reach `level` at all (from its margins); `small[i]`:
    /// its p-value is ≤ `level`. With m other reachable tests on the token and s of them small, the token is a
    /// candidate when the Binomial(m, `level`) upper tail of s is ≤ `fdr` / (number of tokens with at least two
    /// reachable tests) — Bonferroni over tokens; under no campaign on the token that count is at most
    /// Binomial(m, level) when the p-values are uniform or conservative. A candidate's strength is the odds
    /// π₁ / (1 − π₁) of the share π₁ = (s/m − level) / (1 − level) of the other annotators that are not null on
    /// the token — the group weight of the grouped Benjamini–Hochberg procedure (Hu, Zhao & Zhou 2010, JASA 105),
    /// with the tokens as groups.
    static func candidates(tokens: [Int32], reachable: [Bool], small: [Bool], level: Double, fdr: Double) -> [Double] {
        precondition(tokens.count == reachable.count && tokens.count == small.count, "one token, reachability and outcome per hypothesis")
        var reachableCount: [Int32: Int] = [:]
        var smallCount: [Int32: Int] = [:]
        for index in tokens.indices where reachable[index] {
            reachableCount[tokens[index], default: 0] += 1
            if small[index] { smallCount[tokens[index], default: 0] += 1 }
        }
        let tested = max(1, reachableCount.values.filter { $0 >= 2 }.count)
        var tail: [Int32: [Int: Double]] = [:]
        var result = [Double](repeating: 0, count: tokens.count)
        for index in tokens.indices {
            let token = tokens[index]
            let own = reachable[index]
            let others = reachableCount[token, default: 0] - (own ? 1 : 0)
            let hits = smallCount[token, default: 0] - (own && small[index] ? 1 : 0)
            guard others >= 1, hits >= 1 else { continue }
            if let known = tail[token]?[hits] {
                result[index] = known
                continue
            }
            var strength = 0.0
            if Stats.binomialUpper(hits, trials: others, p: level) <= fdr / Double(tested) {
                let share = min(max((Double(hits) / Double(others) - level) / (1 - level), 0), 0.99)
                strength = share / (1 - share)
            }
            tail[token, default: [:]][hits] = strength
            result[index] = strength
        }
        return result
    }

    /// Weights of mean 1 over the hypotheses marked in `family` (all, without it): `share` of that budget goes to
    /// its candidates in proportion to their strength, the rest evenly to every hypothesis (so a lone attacker, with
    /// no stage-1 evidence, keeps weight 1 − `share`); no candidate there, or `share` 0: all 1 (plain BH). Every
    /// hypothesis gets a weight, members or not (the weighted screen needs them for all).
    static func weights(strengths: [Double], share: Double, over family: [Bool]? = nil) -> [Double] {
        let members = family ?? [Bool](repeating: true, count: strengths.count)
        let total = strengths.indices.reduce(0.0) { members[$1] ? $0 + strengths[$1] : $0 }
        guard share > 0, total > 0 else { return [Double](repeating: 1, count: strengths.count) }
        let scale = share * Double(members.filter { $0 }.count) / total
        return strengths.map { (1 - share) + scale * $0 }
    }

    /// Stage 2's family and weights: the family is Tarone's screen on the smallest achievable p-values (the smallest
    /// K with #{i : pMinᵢ ≤ α/K} ≤ K), and the weights give `share` of the *family's* budget to its candidates, in
    /// proportion to their strength (``weights(strengths:share:over:)``, mean 1 over the family).
    ///
    /// With `weighted`, the screen runs on pMinᵢ / wᵢ instead, so a candidate whose margins alone would leave it out
    /// can stay in; weights and family depend on each other, so the screen starts from every hypothesis and
    /// alternates until the family repeats (at most 10 rounds). That admits more candidate tests, which share the
    /// same budget: more power when a campaign spans hundreds of accounts (each then needs less), less when it spans
    /// a few (measured in Docs/detection.md). Either way the family and weights are decided from margins and
    /// stage-1 strengths only, never from the p-values, so weighted BH over the family keeps its guarantee (Tarone
    /// 1990; Gilbert 2005; Genovese, Roeder & Wasserman 2006).
    static func family(minimumPValues pMin: [Double], strengths: [Double], share: Double, alpha: Double, weighted: Bool = false) -> (
        keep: [Bool], weights: [Double]
    ) {
        precondition(pMin.count == strengths.count, "one strength per hypothesis")
        guard weighted, share > 0, strengths.contains(where: { $0 > 0 }) else {
            let keep = Stats.taroneFamily(minimumPValues: pMin, alpha: alpha)
            return (keep, weights(strengths: strengths, share: share, over: keep))
        }
        var keep = [Bool](repeating: true, count: pMin.count)
        for _ in 0..<10 {
            let current = weights(strengths: strengths, share: share, over: keep)
            let next = Stats.taroneFamily(minimumPValues: zip(pMin, current).map { $0 / $1 }, alpha: alpha)
            if next == keep { break }
            keep = next
        }
        return (keep, weights(strengths: strengths, share: share, over: keep))
    }
}
