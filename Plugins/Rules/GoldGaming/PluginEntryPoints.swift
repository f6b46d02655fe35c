import AssayPluginAPI

// The three C entry points every Assay plugin exports (see Docs/plugins.md).

@_cdecl("assay_plugin_abi_version")
public func assayPluginABIVersion() -> UInt32 { PluginExport.abiVersion }

@_cdecl("assay_plugin_toolchain")
public func assayPluginToolchain() -> UnsafePointer<UInt8> { PluginExport.toolchain }

@_cdecl("assay_plugin_create")
public func assayPluginCreate() -> UnsafeMutableRawPointer { PluginExport.create([GoldGamingRule()]) }
