#!/usr/bin/env bash
# "Code change -> new version deployed" against moto with a real local registry (Debian's docker-registry) and
# Jib on the offline JRE base image, a small app (src/test/projects/watch-app):
#   full   the change, then `mvn package goaws:build-app goaws:deploy-container` (a CloudFormation update)
#   watch  the change under a running `mvn goaws:watch` (hotswap), until its log says the service was updated
# RUNS times each (default 5), after one untimed first deploy of each; all full runs first, then the watch runs
# (not interleaved: a running watch would see the full runs' source changes and jars). Medians and min-max.
# Needs: python3 -m moto, /usr/bin/docker-registry. Usage: bench/watch.sh   (RUNS=7 bench/watch.sh)
source "$(dirname "$0")/lib.sh"
install_plugin
cdk_cli >/dev/null
DIR=$WORK/watch; rm -rf "$DIR"; mkdir -p "$DIR"
PROJECT=$DIR/app; mkdir -p "$PROJECT"
cp -r "$ROOT/goaws-maven-plugin/src/test/projects/watch-app/." "$PROJECT/"
sed -i "s/@project.version@/$VERSION/" "$PROJECT/pom.xml"
maven_config "$PROJECT"
SOURCE=$PROJECT/src/main/java/example/App.java
LOG=$WORK/watch.log; : >"$LOG"; RESULTS=$WORK/watch.txt; : >"$RESULTS"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
await_port() { for _ in $(seq 1 400); do (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

MOTO_PORT=$(free_port)
python3 "$ROOT/goaws-maven-plugin/src/main/resources/dev/goaws/local/goaws_moto.py" --port "$MOTO_PORT" \
    >"$DIR/moto.log" 2>&1 & PIDS+=($!)
REG_PORT=$(free_port)
cat >"$DIR/registry.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $DIR/registry-data}}
http: {addr: 127.0.0.1:$REG_PORT, secret: goaws-bench-only}
YML
/usr/bin/docker-registry serve "$DIR/registry.yml" >"$DIR/registry.log" 2>&1 & PIDS+=($!)
await_port "$MOTO_PORT"; await_port "$REG_PORT"
[ -f "$WORK/jre.tar" ] || "$ROOT/src/test/container/offline-jre-image.sh" "$WORK/jre.tar" >>"$LOG" 2>&1
ARGS=(-Dgoaws.endpoint=http://127.0.0.1:$MOTO_PORT -Dgoaws.region=eu-central-1 -Dgoaws.bootstrap=true
      -Dgoaws.baseImage=tar://$WORK/jre.tar -Dgoaws.imageRepository=127.0.0.1:$REG_PORT/bench/watch
      -Dgoaws.allowInsecureRegistries=true)
echo "== setup: bootstrap, vpc, table, first container deploy (untimed); load $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$PROJECT" && time_ms mvn -B goaws:bootstrap goaws:deploy-vpc goaws:deploy-table "${ARGS[@]}" >/dev/null)
full() { (cd "$PROJECT" && time_ms mvn -B package -DskipTests goaws:build-app goaws:deploy-container "${ARGS[@]}"); }
change() { sed -i "s/version [0-9a-z-]*\"/version $1\"/" "$SOURCE"; }
full >/dev/null

for i in $(seq 1 "$RUNS"); do
  change "full-$i"; echo "full: package + build-app + deploy-container $(full)" >>"$RESULTS"
  echo "   full run $i/$RUNS: $(tail -1 "$RESULTS" | awk '{print $NF " ms"}') (load $(cut -d' ' -f1 /proc/loadavg))"
done

WATCH_LOG=$DIR/watch-goal.log
(cd "$PROJECT" && exec mvn -B goaws:watch "${ARGS[@]}") >"$WATCH_LOG" 2>&1 & WATCH_PID=$!; PIDS+=($WATCH_PID)
updates() { grep -c "(update [0-9]*)" "$WATCH_LOG" || true; }
await_update() {  # a bound of 10 minutes so that a hung goal ends the benchmark
  for _ in $(seq 1 6000); do [ "$(updates)" -ge "$1" ] && return 0
    kill -0 "$WATCH_PID" 2>/dev/null || { echo "goaws:watch ended: $WATCH_LOG" >&2; tail -30 "$WATCH_LOG" >&2; exit 1; }
    sleep 0.1; done
  echo "no update $1 in 10 minutes: $WATCH_LOG" >&2; exit 1
}
await_update 1; sleep 1
for i in $(seq 1 "$RUNS"); do
  start=$(date +%s%N); change "watch-$i"; await_update $((i + 1)); end=$(date +%s%N)
  echo "watch: goaws:watch, hotswap $(( (end - start) / 1000000 ))" >>"$RESULTS"
  echo "   watch run $i/$RUNS: $(( (end - start) / 1000000 )) ms (load $(cut -d' ' -f1 /proc/loadavg))"
  sleep 1
done
kill -INT "$WATCH_PID"; wait "$WATCH_PID" 2>/dev/null || true
grep -q "goaws:watch stopped after $((RUNS + 1)) update(s)" "$WATCH_LOG" || echo "watch did not say it stopped: $WATCH_LOG" >&2
echo "== uptime after: $(uptime)"
summary "watch: goaws:watch, hotswap" "full: package + build-app + deploy-container" "$RESULTS"
echo "logs: $LOG $WATCH_LOG"
