/// The "how to verify" text both renderers show: a summary of `Docs/verify.md`.
enum VerifyInstructions {
    /// One way to verify, with the commands to run.
    struct Route {
        var title: String
        var explanation: String
        var commands: String
    }

    /// Where the full instructions live.
    static let reference = "Docs/verify.md"

    /// The routes, filled with the run's output folder.
    static func routes(outputDirectory: String) -> [Route] {
        let dir = ReportFormat.shellQuoted([outputDirectory])
        return [
            Route(
                title: "With Assay",
                explanation: "Exit status 0 and a line starting OK: means the signature and every file's sha256 check out; "
                    + "otherwise a line starting FAILED: names the file or the signature.",
                commands: "assay verify \(dir) --public-key PUB.pem"),
            Route(
                title: "With stock tools only (OpenSSL 3, jq, base64, sha256sum)",
                explanation: "Rebuild the DSSE pre-authentication encoding, check the Ed25519 signature with openssl, "
                    + "then check every listed file's sha256 and that no file was added (bash; stops at the first failure). The full script, and a "
                    + "Python securesystemslib version, are in \(reference).",
                commands: """
                    set -eu
                    DIR=\(dir); PUB=PUB.pem; ENV="$DIR/attestation.dsse.json"
                    jq -r .payload "$ENV" | base64 -d > payload.json
                    jq -r '.signatures[0].sig' "$ENV" | base64 -d > sig.bin
                    TYPE=$(jq -r .payloadType "$ENV"); test "$TYPE" = "application/vnd.in-toto+json"
                    { printf 'DSSEv1 %d %s %d ' "$(printf %s "$TYPE" | wc -c)" "$TYPE" "$(wc -c < payload.json)"; cat payload.json; } > pae.bin
                    openssl pkeyutl -verify -pubin -inkey "$PUB" -rawin -in pae.bin -sigfile sig.bin
                    jq -r '.subject[] | "\\(.digest.sha256)  \\(.name)"' payload.json > SHA256SUMS
                    (cd "$DIR" && sha256sum --check --strict "$OLDPWD/SHA256SUMS")
                    diff <(cd "$DIR" && find . -type f ! -path ./attestation.dsse.json | sed 's|^\\./||' | LC_ALL=C sort) \\
                         <(jq -r '.subject[].name' payload.json | LC_ALL=C sort)
                    """),
        ]
    }

    /// Why the report's own files are not in its file list.
    static let selfListingNote =
        "report.html and report.md are attested too, but a report cannot carry its own digest: "
        + "the envelope's subject list has them."

    /// The caution every reader needs.
    static let keyWarning =
        "Use the signer's public key obtained through a channel you trust, never a key shipped inside the folder being checked. "
        + "The signer's key id (under Output files) is a hint for picking the key, not a check."
}
