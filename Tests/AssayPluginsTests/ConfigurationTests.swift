import AssayCrypto
import AssayPluginAPI
import AssayPlugins
import Foundation
import Testing

@Suite struct ConfigurationTests {
    static let speed = RuleDescriptor(
        id: "speed", version: "1.0.0", summary: "s",
        parameters: [.double("z_threshold", default: 3.5, "z"), .int("min_ratings", default: 10, "n"), .bool("strict", default: false, "b")]
    )

    static func parse(_ json: String) throws -> PluginConfiguration {
        try PluginConfiguration.parse(Data(json.utf8), baseDirectory: URL(fileURLWithPath: "/etc/assay"))
    }

    @Test func fullConfigurationParses() throws {
        let digest = SHA256Digest.hash("x").hex
        let config = try Self.parse(
            """
            {"plugin_dirs": ["rules", "/opt/r"], "trusted_plugins": ["\(digest)", "sha256:\(digest.uppercased())"],
             "on_rule_failure": "skip", "rule_timeout_seconds": 12.5,
             "rules": {"speed": {"enabled": true, "isolation": "runner", "timeout_seconds": 3,
                                 "parameters": {"z_threshold": 4, "min_ratings": 20, "strict": true}}}}
            """
        )
        #expect(config.pluginDirectories.map(\.path) == ["/etc/assay/rules", "/opt/r"])
        #expect(config.trustedDigests == [SHA256Digest.hash("x")])
        #expect(config.onRuleFailure == .skip)
        #expect(config.ruleTimeoutSeconds == 12.5)
        #expect(config.rules["speed"]?.isolation == .runner)
        #expect(config.rules["speed"]?.timeoutSeconds == 3)
        let parameters = try config.parameters(for: Self.speed)
        #expect(parameters.values == ["z_threshold": .double(4), "min_ratings": .int(20), "strict": .bool(true)])
    }

    @Test func defaultsApplyWhenNothingIsConfigured() throws {
        let config = try Self.parse("{}")
        #expect(config.trustedDigests == nil)
        #expect(config.onRuleFailure == .fail)
        #expect(try config.parameters(for: Self.speed).values == ["z_threshold": .double(3.5), "min_ratings": .int(10), "strict": .bool(false)])
    }

    /// (config JSON, expected error).
    static let invalid: [(String, PluginConfigurationError)] = [
        (
            #"{"rules": {"speed": {"parameters": {"z_treshold": 4}}}}"#,
            .unknownParameter(rule: "speed", key: "z_treshold", declared: ["z_threshold", "min_ratings", "strict"])
        ),
        (
            #"{"rules": {"speed": {"parameters": {"min_ratings": 2.5}}}}"#,
            .parameterType(rule: "speed", key: "min_ratings", expected: .int, found: "double 2.5")
        ),
        (
            #"{"rules": {"speed": {"parameters": {"z_threshold": "high"}}}}"#,
            .parameterType(rule: "speed", key: "z_threshold", expected: .double, found: "string \"high\"")
        ),
        (#"{"rules": {"speed": {"parameters": {"strict": 1}}}}"#, .parameterType(rule: "speed", key: "strict", expected: .bool, found: "int 1")),
        (#"{"rules": {"sped": {}}}"#, .unknownRule(id: "sped", available: ["speed"])),
    ]

    @Test(arguments: invalid)
    func parameterErrorsNameRuleAndKey(json: String, expected: PluginConfigurationError) throws {
        let config = try Self.parse(json)
        #expect(throws: expected) { try config.validate(against: [Self.speed]) }
    }

    @Test func parameterErrorMessageNamesRuleAndKey() {
        let error = PluginConfigurationError.parameterType(rule: "speed", key: "min_ratings", expected: .int, found: "double 2.5")
        #expect(error.description == "config: rules.speed.parameters.min_ratings: rule 'speed' expects int for 'min_ratings', found double 2.5")
    }

    static let malformed: [(String, PluginConfigurationError)] = [
        (#"{"plugins_dir": []}"#, .unknownKey(key: "plugins_dir", allowed: PluginConfiguration.keys)),
        (
            #"{"rules": {"speed": {"enable": false}}}"#,
            .unknownKey(key: "rules.speed.enable", allowed: ["enabled", "isolation", "timeout_seconds", "parameters"])
        ),
        (#"{"rules": {"speed": {"enabled": "no"}}}"#, .wrongType(key: "rules.speed.enabled", expected: "true or false", found: "string")),
        (#"{"on_rule_failure": "ignore"}"#, .invalidValue(key: "on_rule_failure", reason: "'ignore' is not one of: fail, skip")),
        (#"{"trusted_plugins": ["abc"]}"#, .invalidValue(key: "trusted_plugins[0]", reason: "'abc' is not a SHA-256 digest (64 hex digits)")),
        (#"{"plugin_dirs": "one"}"#, .wrongType(key: "plugin_dirs", expected: "an array of strings", found: "string")),
        (#"{"rule_timeout_seconds": 0}"#, .invalidValue(key: "rule_timeout_seconds", reason: "must be a positive number of seconds")),
        (
            #"{"rules": {"speed": {"isolation": "sandbox"}}}"#,
            .invalidValue(key: "rules.speed.isolation", reason: "'sandbox' is not one of: in_process, runner")
        ),
    ]

    @Test(arguments: malformed)
    func malformedConfigurationIsRejected(json: String, expected: PluginConfigurationError) {
        #expect(throws: expected) { try Self.parse(json) }
    }

    @Test func invalidJSONNamesTheSource() {
        do {
            _ = try PluginConfiguration.parse(Data("{".utf8), source: "assay.json")
            Issue.record("parsed")
        } catch {
            #expect(error.description.hasPrefix("config file assay.json is not valid JSON"))
        }
    }

    @Test func aMemberNamedTwiceIsAnErrorNotASilentChoice() {
        do {
            _ = try PluginConfiguration.parse(Data(#"{"rules": {"gold": {"parameters": {"fdr": 0.01, "fdr": 0.5}}}}"#.utf8), source: "assay.json")
            Issue.record("parsed")
        } catch {
            #expect(error.description.contains("assay.json"))
            #expect(error.description.contains(#"duplicate member "fdr""#))
        }
    }

    @Test func wholeNumbersAreIntegerParametersOthersDoubles() throws {
        let config = try PluginConfiguration.parse(Data(#"{"rules": {"gold": {"parameters": {"a": 5, "b": 5.0, "c": 0.25, "d": "x"}}}}"#.utf8))
        let parameters = try #require(config.rules["gold"]).parameters
        #expect(parameters["a"] == .int(5))
        #expect(parameters["b"] == .int(5))
        #expect(parameters["c"] == .double(0.25))
        #expect(parameters["d"] == .string("x"))
    }

    @Test func otherSectionsCanShareTheFile() throws {
        let config = try PluginConfiguration.parse(Data(#"{"store": {"path": "x"}, "on_rule_failure": "skip"}"#.utf8), otherKeys: ["store"])
        #expect(config.onRuleFailure == .skip)
    }

    @Test func hostRejectsConfigurationThatDoesNotFitTheInstalledRules() throws {
        var config = PluginConfiguration()
        config.rules["speed"] = RuleSettings(parameters: ["nonsense": .int(1)])
        #expect(
            throws: PluginConfigurationError.unknownParameter(
                rule: "speed", key: "nonsense", declared: ["z_threshold", "min_ratings", "min_annotators", "length_adjust", "slow_side_check"])
        ) {
            _ = try PluginHost(configuration: config, searchPaths: BuiltInRuleTests.builtInPaths, runnerExecutable: TestPaths.runner)
        }
    }
}
