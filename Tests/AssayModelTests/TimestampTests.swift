import AssayModel
import Testing

@Suite("RFC 3339 timestamps")
struct TimestampTests {
    @Test(
        "accepted forms and their canonical UTC value",
        arguments: [
            ("2026-11-20T10:00:00Z", "2026-11-20T10:00:00.000Z"),
            ("2026-11-20t10:00:00z", "2026-11-20T10:00:00.000Z"),
            ("2026-11-20 10:00:00Z", "2026-11-20T10:00:00.000Z"),
            ("2026-11-20T11:30:00+01:30", "2026-11-20T10:00:00.000Z"),
            ("2026-11-20T10:00:00.5Z", "2026-11-20T10:00:00.500Z"),
            ("2026-11-20T10:00:00.123456789Z", "2026-11-20T10:00:00.123Z"),
            ("2024-02-29T23:59:59-00:00", "2024-02-29T23:59:59.000Z"),
            ("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"),
        ])
    func accepted(_ input: String, _ canonical: String) throws {
        let timestamp = try #require(Timestamp(rfc3339: input))
        #expect(timestamp.description == canonical)
        #expect(Timestamp(rfc3339: canonical) == timestamp)
    }

    @Test(
        "refused forms",
        arguments: [
            "yesterday", "2026-11-20", "2026-11-20T10:00:00", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z",
            "2026-11-20T24:00:00Z", "2026-11-20T10:00:60Z", "2026-11-20T10:00:00+1:00", "2026-11-20T10:00:00.Z",
            "2026-11-20T10:00:00Zjunk",
        ])
    func refused(_ input: String) {
        #expect(Timestamp(rfc3339: input) == nil)
    }

    @Test("epoch milliseconds")
    func epoch() {
        #expect(Timestamp(rfc3339: "1970-01-01T00:00:01.002Z")?.millisecondsSinceEpoch == 1002)
    }
}
