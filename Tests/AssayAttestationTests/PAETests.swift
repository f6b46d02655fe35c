import AssayAttestation
import Foundation
import Testing

@Suite("DSSE pre-authentication encoding and envelope")
struct PAETests {
    @Test("the DSSE protocol's test vector")
    func protocolVector() {
        let pae = PAE.encode(payloadType: "http://example.com/HelloWorld", payload: Array("hello world".utf8))
        #expect(String(decoding: pae, as: UTF8.self) == "DSSEv1 29 http://example.com/HelloWorld 11 hello world")
    }

    @Test("lengths count bytes, not characters; empty parts are allowed")
    func byteLengths() {
        #expect(PAE.encode(payloadType: "", payload: []) == Array("DSSEv1 0  0 ".utf8))
        let pae = PAE.encode(payloadType: "tÿpe", payload: [0x00, 0xff])
        #expect(pae == Array("DSSEv1 5 tÿpe 2 ".utf8) + [0x00, 0xff])
    }

    @Test("the envelope reads standard and URL-safe base64, with or without padding")
    func base64Variants() throws {
        let payload: [UInt8] = [0xfb, 0xff, 0xfe, 0x01]  // "+//+AQ==" standard, "-__-AQ" URL-safe
        for text in ["+//+AQ==", "-__-AQ==", "-__-AQ"] {
            let json = #"{"payload":"\#(text)","payloadType":"t","signatures":[{"keyid":"k","sig":"AAEC"}]}"#
            let envelope = try Envelope(jsonData: Data(json.utf8))
            #expect(envelope.payload == payload)
            #expect(envelope.signatures == [.init(keyID: "k", sig: [0, 1, 2])])
        }
        #expect(throws: DecodingError.self) {
            try Envelope(jsonData: Data(#"{"payload":"***","payloadType":"t","signatures":[]}"#.utf8))
        }
    }

    @Test("an envelope written and read back is equal, and its JSON has DSSE's field names")
    func roundTrip() throws {
        let envelope = Envelope(
            payload: Array("{}".utf8), payloadType: "application/vnd.in-toto+json",
            signatures: [.init(keyID: "abc", sig: [1, 2, 3])])
        let data = try envelope.jsonData()
        #expect(try Envelope(jsonData: data) == envelope)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["payload"] as? String == "e30=")
        #expect(object["payloadType"] as? String == "application/vnd.in-toto+json")
        let signature = try #require((object["signatures"] as? [[String: Any]])?.first)
        #expect(signature["keyid"] as? String == "abc")
        #expect(signature["sig"] as? String == "AQID")
        #expect(String(decoding: data, as: UTF8.self).contains("application/vnd.in-toto+json"))  // '/' not escaped
    }
}
