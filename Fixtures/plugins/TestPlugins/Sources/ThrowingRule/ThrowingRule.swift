import AssayPluginAPI

@_cdecl("assay_plugin_abi_version")
public func assayPluginABIVersion() -> UInt32 { PluginExport.abiVersion }

@_cdecl("assay_plugin_toolchain")
public func assayPluginToolchain() -> UnsafePointer<UInt8> { PluginExport.toolchain }

@_cdecl("assay_plugin_create")
public func assayPluginCreate() -> UnsafeMutableRawPointer { PluginExport.create([ThrowingRule()]) }

struct ThrowingRule: AssayRule {
    let id = "throwing"
    let version = "1.0.0"
    let summary = "Test rule: throws."
    let parameters: [ParameterSpec] = []

    func evaluate(_ input: RuleInput) throws -> [Finding] {
        throw RuleError("ThrowingRule fails on purpose (\(input.snapshot.ratings.count) ratings)")
    }
}
