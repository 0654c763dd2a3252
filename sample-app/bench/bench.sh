#!/usr/bin/env bash
# Benchmark of the packaged sample app on the same local backend as the Go original was measured on (2026-11, this kind of machine):
# dynalite for DynamoDB, moto for SSM, a 100-item table. Not a test: it prints figures.
# Needs: the shaded jar (mvn -pl sample-app package), `npm ci` at the repo root, python3 with moto/boto3, wrk, curl.
# The backend and helpers: bench/backend.sh (also used by bench/app-task.sh, the app in a container).
# RUNS (default 5): start-ups and full-Scan requests measured, medians reported. bench/app.sh runs this.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
JAR=$(ls sample-app/target/sample-app-*.jar | grep -v original | head -1)
DURATION=${DURATION:-15s}
RUNS=${RUNS:-5}
CONNECTIONS=${CONNECTIONS:-32}
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

source "$ROOT/bench/backend.sh"
start_backend
APP_PORT=$(free_port)
export PORT=$APP_PORT
# start_app PORT LOG: launches the jar, waits for the first 200 on /ping; sets APP_PID and READY_MS.
start_app() {
  local start_ns; start_ns=$(date +%s%N)
  PORT=$1 java -jar "$JAR" >"$2" 2>&1 & APP_PID=$!; PIDS+=($APP_PID)
  wait_ready "$1" kill -0 "$APP_PID" 2>/dev/null || { cat "$2"; exit 1; }
  READY_MS=$(( ($(date +%s%N) - start_ns) / 1000000 ))
}
READY_RUNS=(); RSS_RUNS=()
for i in $(seq 1 "$RUNS"); do
  start_app "$APP_PORT" "$WORK/app.log"
  READY_RUNS+=("$READY_MS"); RSS_RUNS+=("$(ps -o rss= -p "$APP_PID")")
  if [ "$i" -lt "$RUNS" ]; then kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; fi
done
echo "ready after launch, ms: ${READY_RUNS[*]}"
READY_MEDIAN=$(median "${READY_RUNS[@]}")
RSS_IDLE_KB=$(median "${RSS_RUNS[@]}")
COUNT=$(curl -s -u bench:bench-password "http://127.0.0.1:$APP_PORT/query?format=json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
[ "$COUNT" = 100 ] || { echo "expected 100 items, got $COUNT" >&2; exit 1; }

echo "== warm-up (JIT) =="
wrk -t2 -c"$CONNECTIONS" -d5s -s "$POST_LUA" "http://127.0.0.1:$APP_PORT/query" >/dev/null
echo "== GET / without credentials (401) =="
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$APP_PORT/" | tee "$WORK/401.txt"
echo "== POST /query, 100 items =="
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$POST_LUA" "http://127.0.0.1:$APP_PORT/query" | tee "$WORK/query.txt"
RSS_LOAD_KB=$(ps -o rss= -p "$APP_PID")

echo
echo "== 10,000 items: full Scan through the app (GET /query?format=json&limit=10000) and with boto3"
python3 - "$DDB_PORT" "$SSM_PORT" <<'PY'
import sys, boto3
from concurrent.futures import ThreadPoolExecutor
ddb = boto3.client("dynamodb", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}", region_name="us-east-1")
ssm = boto3.client("ssm", endpoint_url=f"http://127.0.0.1:{sys.argv[2]}", region_name="us-east-1")
ddb.create_table(TableName="bench10k", BillingMode="PAY_PER_REQUEST",
                 KeySchema=[{"AttributeName": "itemID", "KeyType": "HASH"}],
                 AttributeDefinitions=[{"AttributeName": "itemID", "AttributeType": "S"}])
def write(start):
    for s in range(start, start + 500, 25):
        ddb.batch_write_item(RequestItems={"bench10k": [
            {"PutRequest": {"Item": {"itemID": {"S": f"item-{i:05d}"}, "payload": {"S": "x" * 100}}}}
            for i in range(s, s + 25)]})
with ThreadPoolExecutor(4) as pool:
    list(pool.map(write, range(0, 10000, 500)))
ssm.put_parameter(Name="/bench/table-10k", Value="bench10k", Type="String", Overwrite=True)
PY
SCAN_PORT=$(free_port)
GOAWS_TABLE_PARAMETER=/bench/table-10k start_app "$SCAN_PORT" "$WORK/app-10k.log"
SCAN_URL="http://127.0.0.1:$SCAN_PORT/query?format=json&limit=10000"
COUNT=$(curl -s -u bench:bench-password "$SCAN_URL" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
[ "$COUNT" = 10000 ] || { echo "expected 10000 items, got $COUNT" >&2; exit 1; }
for _ in 1 2 3; do curl -s -o /dev/null -u bench:bench-password "$SCAN_URL"; done   # JIT warm-up
SCAN_RUNS=()
for _ in $(seq 1 "$RUNS"); do
  SCAN_RUNS+=("$(curl -s -o /dev/null -w '%{time_total}' -u bench:bench-password "$SCAN_URL" | awk '{printf "%d", $1 * 1000}')")
done
echo "app full Scan + JSON of 10,000 items, ms: ${SCAN_RUNS[*]}"
# Would parallel Scan segments pay on this backend? Same table, boto3, 1 vs 2 vs 4 segments in threads.
python3 - "$DDB_PORT" "$RUNS" <<'PY' | tee "$WORK/segments.txt"
import statistics, sys, time, boto3
from concurrent.futures import ThreadPoolExecutor
ddb = boto3.client("dynamodb", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}", region_name="us-east-1")
def segment(seg, total):
    n, kwargs = 0, {"TableName": "bench10k"}
    if total > 1:
        kwargs.update(Segment=seg, TotalSegments=total)
    while True:
        page = ddb.scan(**kwargs)
        n += len(page["Items"])
        if "LastEvaluatedKey" not in page:
            return n
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
for total in (1, 2, 4):
    times = []
    with ThreadPoolExecutor(total) as pool:
        for _ in range(int(sys.argv[2])):
            start = time.perf_counter()
            assert sum(pool.map(lambda s: segment(s, total), range(total))) == 10000
            times.append((time.perf_counter() - start) * 1000)
    print(f"boto3 Scan of 10,000 items, {total} segment(s): median {statistics.median(times):.0f} ms")
PY

echo
echo "ready (first 200 on /ping after launch): median ${READY_MEDIAN} ms of $RUNS starts"
echo "RSS idle (median): $((RSS_IDLE_KB / 1024)) MiB, after load: $((RSS_LOAD_KB / 1024)) MiB"
echo "GET / 401:        $(awk '/Requests\/sec/ {print $2}' "$WORK/401.txt") req/s, p99 $(awk '$1=="99%" {print $2}' "$WORK/401.txt")"
echo "POST /query 100:  $(awk '/Requests\/sec/ {print $2}' "$WORK/query.txt") req/s, p99 $(awk '$1=="99%" {print $2}' "$WORK/query.txt")"
echo "full Scan of 10,000 items via /query (JSON): median $(median "${SCAN_RUNS[@]}") ms of $RUNS"
cat "$WORK/segments.txt"
