#!/usr/bin/env bash
# Puts the gostuck server and its dependencies in bundled/libs, where the extension finds it
# (third in its search order) and runs it with any Python 3.11+ as `python -m gostuck lsp`
# with PYTHONPATH=bundled/libs. tree-sitter is a native module, so the result is for this
# platform and Python version only: package it with `vsce package --target <platform>`.
# Usage: scripts/bundle-server.sh [PYTHON]   (default: python3)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$here/../.." && pwd)
python=${1:-python3}
rm -rf "$here/bundled/libs"
"$python" -m pip install --quiet --disable-pip-version-check --no-compile \
  --target "$here/bundled/libs" "$repo"
rm -rf "$here/bundled/libs/bin"
echo "bundled $("$python" -c 'import sys; print(sys.version.split()[0])') server in $here/bundled/libs"
