import Testing

@testable import AssayRuleEntityPromotion

/// The two-stage screen shared by `entity-promotion` and `trigger-backdoor`: stage-1 strengths leave the annotator
/// out, weights keep mean 1, and the weighted Tarone family renormalises them.
@Suite struct TokenScreenTests {
    /// 100 annotators tested on token 1, 20 of them small at level 0.01: every hypothesis on token 1 is a candidate
    /// with strength π₁/(1 − π₁) from the *other* annotators' share; token 2 (1 small in 100) is not a candidate.
    @Test func strengthLeavesTheAnnotatorOut() {
        var tokens: [Int32] = []
        var small: [Bool] = []
        for index in 0..<100 {
            tokens.append(1)
            small.append(index < 20)
        }
        for index in 0..<100 {
            tokens.append(2)
            small.append(index == 0)
        }
        let strengths = TokenScreen.candidates(
            tokens: tokens, reachable: [Bool](repeating: true, count: tokens.count), small: small, level: 0.01, fdr: 0.05)
        // A small annotator on token 1 sees 19 of 99 others; a large one 20 of 99.
        let smallShare = (19.0 / 99 - 0.01) / 0.99
        let largeShare = (20.0 / 99 - 0.01) / 0.99
        #expect(abs(strengths[0] - smallShare / (1 - smallShare)) < 1e-12)
        #expect(abs(strengths[50] - largeShare / (1 - largeShare)) < 1e-12)
        #expect(strengths[100..<200].allSatisfy { $0 == 0 })
    }

    /// An annotator's own signal never weights their own hypothesis: alone among five, it is evidence for the
    /// others' tests on the token (1 small of 4 others, tail 0.02 ≤ 0.05 with one token), none for its own.
    @Test func ownSignalDoesNotWeightItself() {
        let strengths = TokenScreen.candidates(
            tokens: [1, 1, 1, 1, 1], reachable: [true, true, true, true, true], small: [true, false, false, false, false], level: 0.005,
            fdr: 0.05)
        #expect(strengths[0] == 0)
        #expect(strengths[1...].allSatisfy { $0 > 0 })
        // Nobody small: no candidate, plain BH.
        let none = TokenScreen.candidates(tokens: [1, 1, 1], reachable: [true, true, true], small: [false, false, false], level: 0.005, fdr: 0.05)
        #expect(none == [0, 0, 0])
        #expect(TokenScreen.weights(strengths: none, share: 0.5) == [1, 1, 1])
    }

    /// Weights have mean 1; `share` of the budget follows the strengths, the rest is even.
    @Test func weightsHaveMeanOne() {
        let weights = TokenScreen.weights(strengths: [0, 0, 1, 3], share: 0.5)
        #expect(abs(weights.reduce(0, +) / 4 - 1) < 1e-12)
        #expect(weights[0] == 0.5)
        #expect(abs(weights[3] - (0.5 + 0.5 * 4 * 3 / 4)) < 1e-12)
        #expect(TokenScreen.weights(strengths: [0, 2], share: 0) == [1, 1])
    }

    /// With `weighted`, Tarone's screen runs on pMin / w: a candidate stays in where its unweighted pMin alone would
    /// not, and the weights have mean 1 over the family with `share` of it on the candidates.
    @Test func familyScreensOnWeightedMinimum() {
        // 100 tests with pMin 1e-4 and one with pMin 1e-3. Unweighted: K = 100 keeps the 100 (1e-3 > 0.05 / 100).
        let pMin = [Double](repeating: 1e-4, count: 100) + [1e-3]
        let plain = TokenScreen.family(minimumPValues: pMin, strengths: [Double](repeating: 0, count: 101), share: 0.5, alpha: 0.05)
        #expect(plain.keep.filter { $0 }.count == 100)
        #expect(!plain.keep[100])
        #expect(plain.weights.allSatisfy { $0 == 1 })
        // The last is a candidate: half the family's budget makes its weight 0.5 + 0.5 · K, so 1e-3 / w ≤ 0.05 / 101.
        let strengths = [Double](repeating: 0, count: 100) + [0.3]
        // Unweighted screen (the default): the candidate stays out; the family has no candidate, so weights are 1.
        let screened = TokenScreen.family(minimumPValues: pMin, strengths: strengths, share: 0.5, alpha: 0.05)
        #expect(screened.keep == plain.keep)
        #expect(screened.weights.allSatisfy { $0 == 1 })
        let weighted = TokenScreen.family(minimumPValues: pMin, strengths: strengths, share: 0.5, alpha: 0.05, weighted: true)
        #expect(weighted.keep.allSatisfy { $0 })
        #expect(abs(weighted.weights.reduce(0, +) / 101 - 1) < 1e-12)
        #expect(abs(weighted.weights[100] - (0.5 + 0.5 * 101)) < 1e-9)
    }
}

extension TokenScreenTests {
    /// Default screen: the family is plain Tarone, and the family's candidates share half its budget by strength.
    @Test func familyWeightsFollowStrength() {
        let pMin = [Double](repeating: 1e-4, count: 10)
        let strengths: [Double] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 3]
        let family = TokenScreen.family(minimumPValues: pMin, strengths: strengths, share: 0.5, alpha: 0.05)
        #expect(family.keep.allSatisfy { $0 })
        #expect(abs(family.weights.reduce(0, +) - 10) < 1e-12)
        #expect(family.weights[0] == 0.5)
        #expect(abs(family.weights[9] - (0.5 + 0.5 * 10 * 3 / 4)) < 1e-12)
    }
}
