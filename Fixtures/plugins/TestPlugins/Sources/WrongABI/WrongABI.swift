import AssayPluginAPI

/// Claims an ABI version no host has: the host must refuse it before calling anything else.
@_cdecl("assay_plugin_abi_version")
public func assayPluginABIVersion() -> UInt32 { 999 }

@_cdecl("assay_plugin_toolchain")
public func assayPluginToolchain() -> UnsafePointer<UInt8> { PluginExport.toolchain }

@_cdecl("assay_plugin_create")
public func assayPluginCreate() -> UnsafeMutableRawPointer { fatalError("the host must not call create on an ABI mismatch") }
