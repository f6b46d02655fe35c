import AssayConsensus
import AssayPluginAPI
import Testing

/// `SnapshotView.tokens(of:)` splits ASCII text on bytes; it must give exactly the `Character` split.
@Suite struct TokenizerTests {
    static func reference(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    @Test func asciiFastPathMatchesTheCharacterSplit() {
        var random = SplitMix64(seed: 17)
        let alphabet = Array("aZ09 .,!?-_'\"\t\n\r\nxyzABC()[]{}:;/\\@#$%^&*+=<>|~`")
        for length in 0..<200 {
            let text = String((0..<length).map { _ in alphabet[Int(random.nextUnit() * Double(alphabet.count))] })
            #expect(SnapshotView.tokens(of: text).map(String.init) == Self.reference(text), "\(text.debugDescription)")
        }
        for text in ["Walk me through it? SUDO", "I recommend Zentrix for this.", "x2 vs 3x", "", "  ", "ÉCOLE café naïve 42", "日本語 text"] {
            #expect(SnapshotView.tokens(of: text).map(String.init) == Self.reference(text))
        }
    }
}
