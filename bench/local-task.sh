#!/usr/bin/env bash
# The task as goaws:up runs it: the sample app's image built by goaws:build-app with Jib on the offline JRE base
# (src/test/container/offline-jre-image.sh), run by LocalCloud from the task definition deployed into moto, at the
# task's size, behind the local load balancer. Each run is a fresh `mvn goaws:up` (its own moto, 25 seeded
# items, -Dgoaws.fresh=true) followed by `mvn goaws:down`. Per run:
#   ready    goaws starts the task -> its first answer on the health check's path (/) that the target group's
#            matcher accepts (200 or 401), probed every 20 ms on the task's own port: what the app needs at
#            that size, container start included
#   cpu      the container's CPU seconds until then (cgroup cpuacct): the start-up's work, whatever the load
#   healthy  the load balancer's "[lb] task 1 healthy after X s": what the target group's interval (10 s) and
#            healthy threshold (2) add before traffic flows, as an ALB's would
#   up       `mvn goaws:up` started -> "goaws local cloud is up" (Maven, moto, the Jib image into the engine,
#            bootstrap, three deploys, seed, the task healthy)
#   down     `mvn goaws:down` (the table saved, task, moto and Maven stopped), checked to leave no container
# MODES "container jvm" (default): jvm is the JVM mode (the app's jar, no limits) in the same runs, for comparison.
#   SIZES "cpu/memory" in Fargate units for the container mode (default "256/512", the sample app's task size)
#   RUNS  (default 5)
# Usage: bench/local-task.sh     SIZES="256/512 1024/2048" RUNS=7 bench/local-task.sh
source "$(dirname "$0")/lib.sh"
source "$ROOT/bench/backend.sh"
SIZES=${SIZES:-256/512}
MODES=${MODES:-container jvm}
OUT=$WORK/local-task; mkdir -p "$OUT"; RESULTS=$OUT/results.txt; : >"$RESULTS"
PROJECT=$ROOT/sample-app
# goaws.outputDirectory per mode and size (the checkout's own sample-app/target/goaws stays untouched): each keeps
# its up-to-date assembly, which the other mode's image reference would otherwise invalidate on every run.
GOAWS_OUT=
DIST=$OUT/dist                # build-app's context
UP_PID=
cleanup() {
  # SIGTERM: goaws:up's shutdown hook stops its task and moto (goaws:down only finds an up that is fully up).
  if [ -n "$UP_PID" ] && kill -0 "$UP_PID" 2>/dev/null; then kill "$UP_PID"; wait "$UP_PID" || true; fi
}
trap cleanup EXIT
command -v podman >/dev/null || { echo "needs podman (and runc): apt-get install podman runc" >&2; exit 1; }

cd "$ROOT"
install_plugin
ls sample-app/target/sample-app-*.jar >/dev/null 2>&1 || bmvn -q -pl sample-app package -DskipTests
JRE=$("$ROOT/src/test/container/offline-jre-image.sh" "$WORK/jre17.tar")
echo "== goaws:build-app on tar://$JRE"
(cd "$PROJECT" && bmvn -q goaws:build-app "-Dgoaws.baseImage=tar://$JRE" "-Dgoaws.imageDirectory=$DIST") \
  >"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log" >&2; exit 1; }

# Maven's own clock on every line, so the log's times and this script's share one clock.
STAMPED=(-Dorg.slf4j.simpleLogger.showDateTime=true "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS")
ms_of() { echo $(( $(date -d "$1" +%s%N) / 1000000 )); }        # a log stamp -> epoch ms
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# await PATTERN LOG TIMEOUT_S: the first line of LOG matching PATTERN; fails when goaws:up ended or time is up.
await() {
  local deadline=$(( $(date +%s) + $3 )) line
  while :; do
    line=$(grep -m1 -E "$1" "$2" || true)
    [ -n "$line" ] && { echo "$line"; return 0; }
    kill -0 "$UP_PID" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.02
  done
}
cpu_seconds() {   # CONTAINER: its cgroup's CPU time so far (cgroup v1 cpuacct, else v2 cpu.stat)
  local pid cg; pid=$(podman inspect -f '{{.State.Pid}}' "$1")
  cg=$(awk -F: '$2 ~ /(^|,)cpuacct(,|$)/ {print $3}' "/proc/$pid/cgroup")
  if [ -n "$cg" ]; then python3 -c "print($(cat "/sys/fs/cgroup/cpuacct$cg/cpuacct.usage") / 1e9)"
  else python3 -c "import sys; print(int(sys.argv[1]) / 1e6)" "$(awk '$1=="usage_usec" {print $2}' "/sys/fs/cgroup$(awk -F: '$1=="0" {print $3}' "/proc/$pid/cgroup")/cpu.stat")"; fi
}

# one_run MODE CPU MEMORY -> "mode=.. size=.. ready=ms cpu=s healthy=s up=ms down=ms"
one_run() {
  local mode=$1 log=$OUT/up-$1-$2-$3.log start line stamp port container ready_ms cpu=- healthy up down t
  GOAWS_OUT=$OUT/goaws-$1-$2-$3
  local props=("-Dgoaws.outputDirectory=$GOAWS_OUT" "-Dgoaws.imageDirectory=$DIST" -Dgoaws.fresh=true
               -Dgoaws.seedItems=25 "-Dgoaws.localPort=$(free_port)" "-Dgoaws.localRuntime=$mode"
               "-Dgoaws.cpu=$2" "-Dgoaws.memory=$3")
  start=$(now_ms)
  (cd "$PROJECT" && exec mvn -B -s "$SETTINGS" -Dmaven.repo.local="$BENCH_REPO" "${STAMPED[@]}" goaws:up "${props[@]}") \
    >"$log" 2>&1 & UP_PID=$!
  line=$(await 'Task 1 starting on ' "$log" 300) || { echo "goaws:up did not start a task (log: $log)" >&2; tail -30 "$log" >&2; exit 1; }
  stamp=${line%% *}; port=$(sed -E 's/.*starting on 127\.0\.0\.1:([0-9]+).*/\1/' <<<"$line")
  container=$(sed -nE 's/.* as container (\S+),.*/\1/p' <<<"$line")
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/" || true)" =~ ^(200|401)$ ]]; do
    kill -0 "$UP_PID" 2>/dev/null || { echo "goaws:up ended (log: $log)" >&2; tail -30 "$log" >&2; exit 1; }
    sleep 0.02
  done
  ready_ms=$(( $(now_ms) - $(ms_of "$stamp") ))
  [ -n "$container" ] && cpu=$(cpu_seconds "$container")
  line=$(await 'goaws local cloud is up' "$log" 300) || { echo "goaws:up failed (log: $log)" >&2; tail -30 "$log" >&2; exit 1; }
  up=$(( $(ms_of "${line%% *}") - start ))
  healthy=$(grep -m1 -oE 'task 1 healthy after [0-9.]+' "$log" | grep -oE '[0-9.]+$')
  t=$(now_ms)
  (cd "$PROJECT" && bmvn -q goaws:down "-Dgoaws.outputDirectory=$GOAWS_OUT") >>"$OUT/down.log" 2>&1
  wait "$UP_PID" || true; UP_PID=
  down=$(( $(now_ms) - t ))
  if [ -n "$container" ] && podman container exists "$container"; then echo "goaws:down left $container" >&2; exit 1; fi
  echo "mode=$mode size=$2/$3 ready=$ready_ms cpu=$cpu healthy=$healthy up=$up down=$down"
}

sizes_of() { if [ "$1" = jvm ]; then echo 256/512; else echo "$SIZES"; fi; }   # the JVM mode has no limits
# Untimed warm-up: the first goaws:up of a size synthesizes the stacks; later ones find the assembly up to date,
# as a developer's repeated goaws:up does.
for mode in ${WARMUP_MODES-$MODES}; do   # WARMUP_MODES= skips it when an earlier run left the assemblies
  for size in $(sizes_of "$mode"); do
    echo "== warm-up (untimed): $mode $size"; one_run "$mode" "${size%/*}" "${size#*/}" >/dev/null
  done
done
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$RUNS"); do
  for mode in $MODES; do
    for size in $(sizes_of "$mode"); do
      one_run "$mode" "${size%/*}" "${size#*/}" >"$OUT/run.txt"   # not in $(...): its exit must end the script
      line="$(cat "$OUT/run.txt") load=$(cut -d' ' -f1 /proc/loadavg)"
      echo "$line" >>"$RESULTS"; echo "   run $i/$RUNS $line"
    done
  done
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$RESULTS" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    r = dict(kv.split("=", 1) for kv in line.split())
    rows.setdefault((r["mode"], r["size"] if r["mode"] == "container" else "no limit"), []).append(r)
def fig(rs, key, scale=1.0, fmt="{:.2f}"):
    v = [float(r[key]) * scale for r in rs if r[key] != "-"]
    return "–" if not v else f"{fmt.format(statistics.median(v))} ({fmt.format(min(v))}–{fmt.format(max(v))})"
print("\nmedians of n runs (min–max), seconds. ready: goaws starts the task -> first 200/401 on / (probed every"
      " 20 ms); CPU: the container's CPU seconds until then; healthy: the load balancer's first healthy verdict"
      " (target group: every 10 s, 2 checks); up: mvn goaws:up -> 'goaws local cloud is up'; down: mvn goaws:down.")
head = ["mode", "size (CPU/MiB)", "n", "ready", "start CPU", "healthy (LB)", "goaws:up", "goaws:down", "load"]
out = [head] + [[m, s, str(len(rs)), fig(rs, "ready", 1e-3), fig(rs, "cpu"), fig(rs, "healthy", fmt="{:.1f}"),
                 fig(rs, "up", 1e-3, "{:.1f}"), fig(rs, "down", 1e-3, "{:.1f}"), fig(rs, "load", fmt="{:.1f}")]
                for (m, s), rs in rows.items()]
widths = [max(len(row[i]) for row in out) for i in range(len(head))]
for row in out:
    print("  ".join(c.ljust(w) for c, w in zip(row, widths)))
PY
