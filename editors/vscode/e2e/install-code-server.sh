#!/usr/bin/env bash
# Installs code-server (VS Code 1.100.3, the newest that runs on Node 20) into a cache folder,
# offline except for the npm registry. Usage: install-code-server.sh CACHE_DIR
# Prints the path of the code-server executable on its last line.
#
# The four things an offline root install needs (shared/EDITORS.md):
#   1. npm_config_unsafe_perm=true, as we run as root;
#   2. libkrb5-dev and pkg-config from apt (the kerberos module builds from source);
#   3. @vscode/ripgrep would download rg from GitHub: its cache folder is filled first with
#      the rg binary from the npm package @vscode/ripgrep-linux-x64;
#   4. npm_config_yes=true, as node-pty's postinstall runs `npx node-gyp`.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
RIPGREP_CACHE=vscode-ripgrep-cache-1.15.11
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

cache=${1:?usage: install-code-server.sh CACHE_DIR}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
prefix="$cache/code-server-$CODE_SERVER_VERSION"
exe="$prefix/node_modules/.bin/code-server"

if [ -x "$exe" ] && [ -f "$prefix/.complete" ]; then
  echo "$exe"
  exit 0
fi

for pkg in libkrb5-dev pkg-config; do
  if ! dpkg -s "$pkg" >/dev/null 2>&1; then
    echo "install-code-server: the apt package $pkg is missing (.ci/run installs it)" >&2
    exit 1
  fi
done

rm -rf "$prefix"
mkdir -p "$prefix"
tmp="$cache/tmp"
rm -rf "$tmp"
mkdir -p "$tmp/$RIPGREP_CACHE" "$tmp/rg"

# 3. rg from the registry, packed the way @vscode/ripgrep's postinstall expects to find it.
(cd "$tmp/rg" && npm pack --silent @vscode/ripgrep-linux-x64 >/dev/null && tar xzf ./*.tgz)
tar czf "$tmp/$RIPGREP_CACHE/$RIPGREP_ASSET" -C "$tmp/rg/package/bin" rg

echo '{"name": "gostuck-e2e-code-server", "private": true}' >"$prefix/package.json"
(
  cd "$prefix"
  export TMPDIR="$tmp" npm_config_unsafe_perm=true npm_config_yes=true
  npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2
)
# code-server's postinstall fills lib/vscode; check it ran rather than fail later in a browser.
vscode="$prefix/node_modules/code-server/lib/vscode"
for f in "$exe" "$vscode/node_modules/@vscode/ripgrep/bin/rg" \
  "$vscode/node_modules/node-pty/build/Release/pty.node"; do
  if [ ! -e "$f" ]; then
    echo "install-code-server: $f is missing after npm install" >&2
    exit 1
  fi
done
touch "$prefix/.complete"
rm -rf "$tmp"
echo "$exe"
