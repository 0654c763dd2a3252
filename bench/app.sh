#!/usr/bin/env bash
# The sample app on a local backend (dynalite + moto): time to first 200, RSS, wrk on /query and on the 401
# path, and a full Scan of 10,000 items (plus 1/2/4 parallel Scan segments), medians of RUNS (default 5).
# The figures run in sample-app/bench/bench.sh; this builds what it needs and prints the Go original's figures
# (measured on this kind of machine by the team in 2026-11, same backend; no Go toolchain here to rerun it) beside them. Usage: bench/app.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
ls sample-app/target/sample-app-*.jar >/dev/null 2>&1 || mvn -B -q -pl sample-app package -DskipTests
[ -x node_modules/.bin/dynalite ] || npm ci --no-audit --no-fund
sample-app/bench/bench.sh
cat <<'TXT'
baseline, the original Go/Gin app on this kind of machine (measured 2026-11, same backend):
ready after start 14-16 ms; RSS 15 MiB idle, ~21 MiB under load; GET / 401: 53-60 k req/s;
POST /query 100 items: 253-264 req/s, p99 ~115 ms
TXT
