#!/usr/bin/env bash
# Sets up a fresh Debian machine for Vigil: system packages (chromium for the browser tests,
# ripgrep and libkrb5-dev for the offline VS Code host), npm dependencies, and the offline
# VS Code host (code-server 1.100.3) used by the extension-host and browser tests.
# Idempotent: skips what is already there. Reaches only Debian's apt and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v rg >/dev/null || need+=(ripgrep)
[ -f /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]} with apt"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi

bash test/host/setup.sh
echo "setup: done"
