# The sample app's local backend and measuring helpers, shared by sample-app/bench/bench.sh and
# bench/app-task.sh (sourced, not run): dynalite for DynamoDB, moto for SSM, a 100-item table named by
# /go-on-aws/table, wrk's POST body for /query. Needs `npm ci` at the repo root and python3 with moto/boto3.
# Callers set ROOT and WORK and keep PIDS (an array) for their cleanup trap.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 600); do (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 never opened" >&2; exit 1; }
median() { python3 -c 'import statistics,sys; print(int(statistics.median(int(x) for x in sys.argv[1:])))' "$@"; }
# median_range VALUES...: "median (min–max)" of whole numbers.
median_range() { python3 -c 'import statistics,sys; v=[float(x) for x in sys.argv[1:]]; print(f"{statistics.median(v):g} ({min(v):g}–{max(v):g})")' "$@"; }

# start_backend: dynalite + moto on free ports, the 100-item table "bench" and its SSM parameter; exports the
# app's environment (credentials bench:bench-password, endpoints) and sets DDB_PORT, SSM_PORT.
start_backend() {
  DDB_PORT=$(free_port); SSM_PORT=$(free_port)
  "$ROOT/node_modules/.bin/dynalite" --host 127.0.0.1 --port "$DDB_PORT" --createTableMs 0 --deleteTableMs 0 \
    --updateTableMs 0 >"$WORK/dynalite.log" 2>&1 & PIDS+=($!)
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
  export GOAWS_USERNAME=bench GOAWS_PASSWORD=bench-password
  export AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:$DDB_PORT AWS_ENDPOINT_URL_SSM=http://127.0.0.1:$SSM_PORT
  local auth; auth=$(printf '%s:%s' "$GOAWS_USERNAME" "$GOAWS_PASSWORD" | base64)
  POST_LUA=$WORK/post.lua
  cat >"$POST_LUA" <<LUA
wrk.method = "POST"
wrk.body = "querystring="
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic $auth"
LUA
}

# wait_ready PORT PID_CHECK_CMD...: polls /ping every 10 ms until 200; fails when PID_CHECK_CMD says the app died.
wait_ready() {
  local port=$1; shift
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/ping" || true)" = 200 ]; do
    "$@" || return 1
    sleep 0.01
  done
}

# wrk_figures FILE: "<req/s> <p99 ms>" of a `wrk --latency` output.
wrk_figures() {
  awk '/Requests\/sec/ {rps=$2} $1=="99%" {v=$2; if (v ~ /us$/) ms=v/1000; else if (v ~ /ms$/) ms=v+0; else if (v ~ /s$/) ms=v*1000; else ms=v}
       END {printf "%d %.1f\n", rps, ms}' "$1"
}
