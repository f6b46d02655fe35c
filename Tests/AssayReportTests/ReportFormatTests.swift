import Foundation
import Testing

@testable import AssayReport

@Suite("Locale-independent formatting")
struct ReportFormatTests {
    @Test("counts", arguments: [(0, "0"), (999, "999"), (1000, "1,000"), (48_210, "48,210"), (1_234_567, "1,234,567"), (-1200, "-1,200")])
    func count(value: Int, expected: String) {
        #expect(ReportFormat.count(value) == expected)
    }

    @Test(
        "numbers",
        arguments: [
            (900.0, "900"), (0.9312, "0.9312"), (5.8342, "5.834"), (14_000.5, "14000.5"), (1.2e-12, "1.20e-12"), (0.012, "0.012"),
            (-2.5, "-2.5"), (Double.infinity, "∞"), (Double.nan, "NaN"),
        ])
    func number(value: Double, expected: String) {
        #expect(ReportFormat.number(value) == expected)
    }

    @Test(
        "dates in UTC",
        arguments: [
            (0.0, "1970-01-01T00:00:00Z"), (1_795_240_800.0, "2026-11-21T06:00:00Z"), (951_782_400.0, "2000-02-29T00:00:00Z"),
            (1_795_240_842.7, "2026-11-21T06:00:42Z"), (-1.0, "1969-12-31T23:59:59Z"),
        ])
    func date(seconds: Double, expected: String) {
        #expect(ReportFormat.date(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test(
        "shell quoting", arguments: [(["assay", "clean", "--out", "out"], "assay clean --out out"), (["a b", "it's", ""], "'a b' 'it'\\''s' ''")])
    func shell(arguments: [String], expected: String) {
        #expect(ReportFormat.shellQuoted(arguments) == expected)
    }

    @Test("strengths")
    func strengths() {
        #expect(ReportFormat.strength(.pValue(0.0004)) == "p = 4.00e-04")
        #expect(ReportFormat.strength(.likelihoodRatio(45)) == "LR = 45")
        #expect(ReportFormat.strength(.uncalibrated) == "none")
    }
}
