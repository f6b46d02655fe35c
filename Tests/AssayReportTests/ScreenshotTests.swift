import Foundation
import Testing

@testable import AssayReport

/// Renders the fixture report in headless Chromium through `Scripts/report-screenshot.sh`, which fails
/// unless the page rendered its summary. Runs where `chromium` is installed; elsewhere it is skipped.
@Suite("Report screenshot")
struct ScreenshotTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// `Scripts/report-screenshot.sh`, found by walking up from this file (through symlinks too).
    static let script: URL? = {
        let file = URL(fileURLWithPath: #filePath)
        for start in [file.resolvingSymlinksInPath(), file] {
            var folder = start.deletingLastPathComponent()
            while folder.path != "/" {
                let candidate = folder.appendingPathComponent("Scripts/report-screenshot.sh")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                folder = folder.deletingLastPathComponent()
            }
        }
        return nil
    }()

    @Test("Chromium renders the report's summary; the PNG is not blank", .enabled(if: chromium != nil && script != nil))
    func screenshot() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-report-screenshot")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let html = folder.appendingPathComponent("report.html")
        let png = folder.appendingPathComponent("report.png")
        try HTMLReport.render(ReportFixture.model).write(to: html, atomically: true, encoding: .utf8)
        try MarkdownReport.render(ReportFixture.model).write(to: folder.appendingPathComponent("report.md"), atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [try #require(Self.script).path, html.path, png.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaints = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationStatus == 0, "report-screenshot.sh failed: \(complaints)")
        #expect(printed.trimmingCharacters(in: .whitespacesAndNewlines) == png.path)
        let size = try FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int ?? 0
        #expect(size > 20_000)
        print("report screenshot: \(png.path)")
    }

    @Test("the script fails on a page without a summary", .enabled(if: chromium != nil && script != nil))
    func failsWithoutSummary() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-report-screenshot-negative")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let html = folder.appendingPathComponent("broken.html")
        try "<!DOCTYPE html><title>x</title><p>Nothing here.</p>".write(to: html, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [try #require(Self.script).path, html.path, folder.appendingPathComponent("broken.png").path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
    }
}
