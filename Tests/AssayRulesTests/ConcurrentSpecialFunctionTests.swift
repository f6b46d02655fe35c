import AssayPluginAPI
import Foundation
import Testing

@testable import AssayRuleEntityPromotion

/// The rule API promises evaluation from any thread; the special functions under the rule statistics must then be
/// thread-safe. glibc's `lgamma` writes the global `signgam`, `lgamma_r` does not; these tests call the log-gamma
/// based functions from many threads at once and require bit-identical results to a serial pass. (glibc's `lgamma`
/// returned correct values even while racing on `signgam`, so this check passes on the old code too: the fix is the
/// move to `lgamma_r`, seen in review; the test guards the values.)
@Suite struct ConcurrentSpecialFunctionTests {
    /// Fractional, small and large arguments.
    static let betaArguments: [(Double, Double)] = (0..<200).map { (i: Int) -> (Double, Double) in
        let a: Double = 0.05 + Double(i) * 0.37
        let b: Double = 0.5 + Double(i % 17) * 2.25
        return (a, b)
    }
    static let chooseArguments: [(Int, Int)] = (0..<200).map { (i: Int) -> (Int, Int) in
        let n = 10 + i * 13
        return (n, (i * 7) % n)
    }

    static func evaluate() -> [UInt64] {
        var bits: [UInt64] = []
        for (a, b) in betaArguments { bits.append(Stats.logBeta(a, b).bitPattern) }
        for (n, k) in chooseArguments {
            bits.append(Stats.logChoose(n, k).bitPattern)
            bits.append(RuleMath.logBinomialPMF(k, n, 0.37).bitPattern)
        }
        return bits
    }

    @Test func logGammaBasedFunctionsGiveTheSerialResultsFromManyThreads() {
        let serial = Self.evaluate()
        let threads = 16
        let results = Results(count: threads)
        DispatchQueue.concurrentPerform(iterations: threads) { index in
            var last: [UInt64] = []
            for _ in 0..<50 { last = Self.evaluate() }
            results.set(index, last)
        }
        for index in 0..<threads { #expect(results.get(index) == serial, "thread \(index)") }
    }
}

/// One result slot per thread.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [[UInt64]]

    init(count: Int) { slots = Array(repeating: [], count: count) }

    func set(_ index: Int, _ value: [UInt64]) { lock.withLock { slots[index] = value } }

    func get(_ index: Int) -> [UInt64] { lock.withLock { slots[index] } }
}
