#!/usr/bin/env bash
# Installs a built Assay under PREFIX in the layout the plugin discovery looks for
# (Docs/plugins.md, "How Assay finds plugins"):
#
#   PREFIX/bin/assay, PREFIX/bin/assay-rule-runner, PREFIX/bin/libAssayPluginAPI.so
#   PREFIX/lib/assay/plugins/libAssayRule*.so
#
# usage: Scripts/install.sh PREFIX [BUILD_DIR]     (BUILD_DIR: default .build/release; build it first)
set -euo pipefail
PREFIX="${1:?usage: Scripts/install.sh PREFIX [BUILD_DIR]}"
BUILD="${2:-$(dirname "$0")/../.build/release}"
for product in assay assay-rule-runner libAssayPluginAPI.so; do
  [ -e "$BUILD/$product" ] || { echo "install: $BUILD/$product not found (swift build first)" >&2; exit 1; }
done
shopt -s nullglob
rules=("$BUILD"/libAssayRule*.so)
[ ${#rules[@]} -gt 0 ] || { echo "install: no rule plugins (libAssayRule*.so) in $BUILD" >&2; exit 1; }
mkdir -p "$PREFIX/bin" "$PREFIX/lib/assay/plugins"
# The binaries' runpath is $ORIGIN (plus the Swift runtime's folder): the plugin API library goes beside them.
install -m 0755 "$BUILD/assay" "$BUILD/assay-rule-runner" "$PREFIX/bin/"
install -m 0644 "$BUILD/libAssayPluginAPI.so" "$PREFIX/bin/"
install -m 0644 "${rules[@]}" "$PREFIX/lib/assay/plugins/"
echo "installed assay and ${#rules[@]} rule plugins under $PREFIX"
