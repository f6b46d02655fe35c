// assay-rule-runner: loads ONE rule plugin and serves evaluate requests from the Assay host over
// stdin/stdout (length-prefixed binary frames), so that a plugin that traps or hangs takes down only
// this process. Started by the host; not meant to be run by hand. See Docs/plugins.md.
import AssayPlugins
import Glibc

exit(RuleRunnerServer.main(arguments: Array(CommandLine.arguments.dropFirst())))
