#!/usr/bin/env bash
# Benchmark of the packaged sample app on the same local backend as the Go figures in DESIGN.md:
# dynalite for DynamoDB, moto for SSM, a 100-item table. Not a test: it prints figures.
# Needs: the shaded jar (mvn -pl sample-app package), `npm ci` at the repo root, python3 with moto/boto3, wrk, curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
JAR=$(ls sample-app/target/sample-app-*.jar | grep -v original | head -1)
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 600); do (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 never opened" >&2; exit 1; }

DDB_PORT=$(free_port); SSM_PORT=$(free_port); APP_PORT=$(free_port)
"$ROOT/node_modules/.bin/dynalite" --host 127.0.0.1 --port "$DDB_PORT" --createTableMs 0 --deleteTableMs 0 --updateTableMs 0 >"$WORK/dynalite.log" 2>&1 & PIDS+=($!)
python3 -m moto.server -H 127.0.0.1 -p "$SSM_PORT" >"$WORK/moto.log" 2>&1 & PIDS+=($!)
wait_port "$DDB_PORT"; wait_port "$SSM_PORT"

export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
python3 - "$DDB_PORT" "$SSM_PORT" <<'PY'
import sys, boto3
ddb = boto3.client("dynamodb", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}", region_name="us-east-1")
ssm = boto3.client("ssm", endpoint_url=f"http://127.0.0.1:{sys.argv[2]}", region_name="us-east-1")
ddb.create_table(TableName="bench", BillingMode="PAY_PER_REQUEST",
                 KeySchema=[{"AttributeName": "itemID", "KeyType": "HASH"}],
                 AttributeDefinitions=[{"AttributeName": "itemID", "AttributeType": "S"}])
for start in range(0, 100, 25):
    ddb.batch_write_item(RequestItems={"bench": [
        {"PutRequest": {"Item": {"itemID": {"S": f"item-{i:03d}"}, "payload": {"S": "x" * 100}}}}
        for i in range(start, start + 25)]})
ssm.put_parameter(Name="/go-on-aws/table", Value="bench", Type="String", Overwrite=True)
PY

export PORT=$APP_PORT GOAWS_USERNAME=bench GOAWS_PASSWORD=bench-password
export AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:$DDB_PORT AWS_ENDPOINT_URL_SSM=http://127.0.0.1:$SSM_PORT
START_NS=$(date +%s%N)
java -jar "$JAR" >"$WORK/app.log" 2>&1 & APP_PID=$!; PIDS+=($APP_PID)
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$APP_PORT/ping" || true)" = 200 ]; do
  kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app.log"; exit 1; }
  sleep 0.01
done
READY_MS=$(( ($(date +%s%N) - START_NS) / 1000000 ))
RSS_IDLE_KB=$(ps -o rss= -p "$APP_PID")
COUNT=$(curl -s -u bench:bench-password "http://127.0.0.1:$APP_PORT/query?format=json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
[ "$COUNT" = 100 ] || { echo "expected 100 items, got $COUNT" >&2; exit 1; }

AUTH=$(printf 'bench:bench-password' | base64)
cat >"$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.body = "querystring="
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic $AUTH"
LUA
echo "== warm-up (JIT) =="
wrk -t2 -c"$CONNECTIONS" -d5s -s "$WORK/post.lua" "http://127.0.0.1:$APP_PORT/query" >/dev/null
echo "== GET / without credentials (401) =="
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$APP_PORT/" | tee "$WORK/401.txt"
echo "== POST /query, 100 items =="
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/post.lua" "http://127.0.0.1:$APP_PORT/query" | tee "$WORK/query.txt"
RSS_LOAD_KB=$(ps -o rss= -p "$APP_PID")

echo
echo "ready (first 200 on /ping after launch): ${READY_MS} ms"
echo "RSS idle: $((RSS_IDLE_KB / 1024)) MiB, after load: $((RSS_LOAD_KB / 1024)) MiB"
echo "GET / 401:        $(awk '/Requests\/sec/ {print $2}' "$WORK/401.txt") req/s, p99 $(awk '$1=="99%" {print $2}' "$WORK/401.txt")"
echo "POST /query 100:  $(awk '/Requests\/sec/ {print $2}' "$WORK/query.txt") req/s, p99 $(awk '$1=="99%" {print $2}' "$WORK/query.txt")"
