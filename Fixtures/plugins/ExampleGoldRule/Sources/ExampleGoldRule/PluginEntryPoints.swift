import AssayPluginAPI

// Every Assay plugin exports these three C symbols. Copy them as they are; list your rules in the last one.

@_cdecl("assay_plugin_abi_version")
public func assayPluginABIVersion() -> UInt32 { PluginExport.abiVersion }

@_cdecl("assay_plugin_toolchain")
public func assayPluginToolchain() -> UnsafePointer<UInt8> { PluginExport.toolchain }

@_cdecl("assay_plugin_create")
public func assayPluginCreate() -> UnsafeMutableRawPointer { PluginExport.create([GoldAccuracyRule()]) }
