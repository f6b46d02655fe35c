// EmbedText INPUT OUTPUT TYPE MEMBER: writes a Swift file declaring `enum TYPE { static let MEMBER = "<INPUT's text>" }`.
// The build tool behind the EmbedOpenAPI plugin; the text is written as a raw string literal with enough `#`s that
// nothing in it can end the literal early.
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 5 else {
    FileHandle.standardError.write(Data("usage: EmbedText INPUT OUTPUT TYPE MEMBER\n".utf8))
    exit(2)
}
let (input, output, type, member) = (arguments[1], arguments[2], arguments[3], arguments[4])
guard let data = FileManager.default.contents(atPath: input), let text = String(data: data, encoding: .utf8) else {
    FileHandle.standardError.write(Data("EmbedText: cannot read \(input) as UTF-8\n".utf8))
    exit(1)
}
var hashes = "#"
while text.contains("\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
let source = """
    // Generated at build time from \(URL(fileURLWithPath: input).lastPathComponent) by the EmbedOpenAPI plugin: do not edit.

    /// The text of `\(URL(fileURLWithPath: input).lastPathComponent)`, embedded at build time.
    enum \(type) {
        static let \(member) = \(hashes)\"\"\"
    \(text)
    \"\"\"\(hashes)
    }

    """
do {
    try Data(source.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
} catch {
    FileHandle.standardError.write(Data("EmbedText: cannot write \(output): \(error)\n".utf8))
    exit(1)
}
