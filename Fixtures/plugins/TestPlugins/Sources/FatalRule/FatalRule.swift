import AssayPluginAPI

@_cdecl("assay_plugin_abi_version")
public func assayPluginABIVersion() -> UInt32 { PluginExport.abiVersion }

@_cdecl("assay_plugin_toolchain")
public func assayPluginToolchain() -> UnsafePointer<UInt8> { PluginExport.toolchain }

@_cdecl("assay_plugin_create")
public func assayPluginCreate() -> UnsafeMutableRawPointer { PluginExport.create([FatalRule()]) }

struct FatalRule: AssayRule {
    let id = "fatal"
    let version = "1.0.0"
    let summary = "Test rule: traps."
    let parameters: [ParameterSpec] = []

    func evaluate(_ input: RuleInput) throws -> [Finding] {
        fatalError("FatalRule traps on purpose")
    }
}
