#!/usr/bin/env bash
# Installs the offline VS Code host (code-server 4.100.3 = VS Code 1.100.3) into test/host/node_modules.
# Needs Debian packages: chromium libkrb5-dev ripgrep (installed by .ci/run).
# @vscode/ripgrep's postinstall downloads rg from GitHub, which these machines cannot reach:
# its download cache is pre-seeded with Debian's /usr/bin/rg so it never goes online.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ -x "$here/node_modules/.bin/code-server" ]; then
  echo "test host: code-server already installed"; exit 0
fi
command -v rg >/dev/null || { echo "test host: ripgrep (apt: ripgrep) is required" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cache="$tmp/vscode-ripgrep-cache-1.15.11"
mkdir -p "$cache" "$tmp/rg"
cp "$(command -v rg)" "$tmp/rg/rg"
tar -C "$tmp/rg" -czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg
cd "$here"
TMPDIR="$tmp" npm_config_unsafe_perm=true npm_config_yes=true \
  npm install --no-audit --no-fund --foreground-scripts=false 2>&1 | tail -20
test -x "$here/node_modules/.bin/code-server" || { echo "test host: code-server install failed" >&2; exit 1; }
echo "test host: code-server $("$here/node_modules/.bin/code-server" --help >/dev/null 2>&1; echo installed)"
