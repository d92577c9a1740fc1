#!/usr/bin/env bash
# Sets up a fresh Debian machine for Vigil: system packages (chromium for the browser tests,
# ripgrep and libkrb5-dev for the offline VS Code host, neovim for the plain-LSP client test),
# npm dependencies, and the offline VS Code host (code-server 1.100.3) used by the
# extension-host and browser tests.
# `--cli`: only what the command line needs (npm dependencies): about a minute.
# Idempotent: skips what is already there. Reaches only Debian's apt and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

cli_only=false
[ "${1:-}" = "--cli" ] && cli_only=true

need=()
if ! $cli_only; then
  command -v chromium >/dev/null || need+=(chromium)
  command -v rg >/dev/null || need+=(ripgrep)
  [ -f /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
  command -v nvim >/dev/null || need+=(neovim)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]} with apt"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  # A fresh machine often runs its own apt jobs at boot: wait for their lock (up to 10 minutes)
  # instead of failing at once.
  lock=(-o DPkg::Lock::Timeout=600)
  $sudo_cmd apt-get "${lock[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get "${lock[@]}" install -y -qq "${need[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi

$cli_only || bash test/host/setup.sh
echo "setup: done"
