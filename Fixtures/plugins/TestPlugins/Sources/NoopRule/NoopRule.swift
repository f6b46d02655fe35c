import AssayPluginAPI

@_cdecl("assay_plugin_abi_version")
public func assayPluginABIVersion() -> UInt32 { PluginExport.abiVersion }

@_cdecl("assay_plugin_toolchain")
public func assayPluginToolchain() -> UnsafePointer<UInt8> { PluginExport.toolchain }

@_cdecl("assay_plugin_create")
public func assayPluginCreate() -> UnsafeMutableRawPointer { PluginExport.create([NoopRule()]) }

struct NoopRule: AssayRule {
    let id = "noop"
    let version = "1.0.0"
    let summary = "Test rule: does nothing (benchmark)."
    let parameters: [ParameterSpec] = []

    func evaluate(_ input: RuleInput) throws -> [Finding] {
        // Printing to stdout must not corrupt the runner protocol (the runner sends it to stderr).
        print("NoopRule: evaluated \(input.snapshot.ratings.count) ratings")
        return []
    }
}
