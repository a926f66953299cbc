#!/usr/bin/env bash
# Installs code-server (VS Code for the browser) into .tools/code-server/ for the real-editor test suites in
# test/editors/. It lives in its own package.json there, never among the extension's dependencies, and .tools/ is
# git-ignored. Idempotent: does nothing when the pinned version is already installed.
#
# Why these tricks (see /work/shared/docs/real-clients.md): our machines reach only the npm registry and Debian's
# archive, so
#   - @vscode/ripgrep's postinstall would download ripgrep from GitHub; it first looks for its tarball in
#     $TMPDIR/vscode-ripgrep-cache-<version>/, so we put Debian's /usr/bin/rg there;
#   - node-pty's install runs `npx node-gyp`, which would prompt without npm_config_yes=true;
#   - as root, npm needs --unsafe-perm to run the nested install scripts;
#   - the `kerberos` native module is compiled, which needs libkrb5-dev and a C++ toolchain.
# Debian packages needed: ripgrep libkrb5-dev build-essential python3 (and chromium + neovim for the test suites).
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# code-server 4.100.3 depends on @vscode/ripgrep 1.15.11, which wants ripgrep v13.0.0-10.
RIPGREP_PKG_VERSION=1.15.11
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/.tools/code-server"
bin="$dest/node_modules/.bin/code-server"
pkg="$dest/node_modules/code-server/package.json"

installed_version() {
  [ -x "$bin" ] && [ -f "$pkg" ] || return 0
  node -p "require(process.argv[1]).version" "$pkg" 2>/dev/null || true
}

if [ "$(installed_version)" = "$CODE_SERVER_VERSION" ] && [ -f "$dest/.installed" ]; then
  echo "install-code-server: code-server $CODE_SERVER_VERSION already installed in $dest"
  exit 0
fi

missing=()
for cmd in rg node npm make g++ python3; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
done
[ -e /usr/include/gssapi/gssapi.h ] || missing+=("libkrb5-dev (gssapi headers)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-code-server: missing: ${missing[*]}" >&2
  echo "install-code-server: apt-get install -y ripgrep libkrb5-dev build-essential python3 (as .ci/run does)" >&2
  exit 1
fi

start=$(date +%s)
# Start clean: npm does not rerun code-server's postinstall (which builds lib/vscode) over a half-finished install.
rm -rf "$dest/node_modules" "$dest/package-lock.json" "$dest/.installed"
mkdir -p "$dest"

# A private TMPDIR holding the ripgrep "download cache" (a tarball of Debian's rg), so nothing is fetched from GitHub.
tmp="$dest/.tmp"
rm -rf "$tmp"
mkdir -p "$tmp/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
tar -czf "$tmp/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION/$RIPGREP_ASSET" -C "$(dirname "$(command -v rg)")" rg

# allowScripts: npm 11.x asks for install-script approval (only a warning today); these two must run.
cat >"$dest/package.json" <<JSON
{
  "name": "mesos-puppet-tools-code-server",
  "private": true,
  "description": "code-server for test/editors (installed by scripts/install-code-server.sh; not an extension dependency)",
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON

echo "install-code-server: installing code-server@$CODE_SERVER_VERSION into $dest (takes a few minutes)"
(
  cd "$dest"
  TMPDIR="$tmp" npm_config_yes=true npm install --no-audit --no-fund --unsafe-perm
)

# The install must have produced a working ripgrep and the native modules, or code-server fails later in odd ways.
rg_bin="$(find "$dest/node_modules" -path '*@vscode/ripgrep/bin/rg' -type f | head -n 1)"
if [ -z "$rg_bin" ]; then
  echo "install-code-server: @vscode/ripgrep has no bin/rg after the install" >&2
  exit 1
fi
if [ ! -f "$dest/node_modules/code-server/lib/vscode/node_modules/node-pty/build/Release/pty.node" ]; then
  echo "install-code-server: code-server's postinstall did not build lib/vscode (node-pty is missing)" >&2
  exit 1
fi
# Hermetic XDG dirs: otherwise code-server's first start writes ~/.config/code-server and ~/.local/share/code-server.
version="$(XDG_CONFIG_HOME="$tmp/xdg-config" XDG_DATA_HOME="$tmp/xdg-data" "$bin" --version 2>/dev/null |
  awk '$1 ~ /^[0-9]+\.[0-9]+\.[0-9]+$/ {print $1; exit}')"
if [ "$version" != "$CODE_SERVER_VERSION" ]; then
  echo "install-code-server: expected code-server $CODE_SERVER_VERSION, got '$version'" >&2
  exit 1
fi

rm -rf "$tmp"
touch "$dest/.installed"
echo "install-code-server: code-server $version installed in $(( $(date +%s) - start )) s"
