import AssayPluginAPI
import Glibc

@_cdecl("assay_plugin_abi_version")
public func assayPluginABIVersion() -> UInt32 { PluginExport.abiVersion }

@_cdecl("assay_plugin_toolchain")
public func assayPluginToolchain() -> UnsafePointer<UInt8> { PluginExport.toolchain }

@_cdecl("assay_plugin_create")
public func assayPluginCreate() -> UnsafeMutableRawPointer { PluginExport.create([SleepyRule()]) }

struct SleepyRule: AssayRule {
    let id = "sleepy"
    let version = "1.0.0"
    let summary = "Test rule: never returns."
    let parameters: [ParameterSpec] = []

    func evaluate(_ input: RuleInput) throws -> [Finding] {
        while true { sleep(3600) }
    }
}
