import PackagePlugin

/// A build-tool plugin: embeds `Docs/openapi.yaml` in the service as `OpenAPIDocument.yaml`, generated at every
/// build, so the description a reader sees and the one `GET /openapi.yaml` serves are one file.
@main
struct EmbedOpenAPI: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) async throws -> [Command] {
        let input = context.package.directoryURL.appending(path: "Docs/openapi.yaml")
        let output = context.pluginWorkDirectoryURL.appending(path: "OpenAPIDocument.swift")
        return [
            .buildCommand(
                displayName: "Embedding Docs/openapi.yaml",
                executable: try context.tool(named: "EmbedText").url,
                arguments: [input.path(), output.path(), "OpenAPIDocument", "yaml"],
                inputFiles: [input],
                outputFiles: [output])
        ]
    }
}
