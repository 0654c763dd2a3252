#!/usr/bin/env bash
# The sample app where it runs: its own image (goaws:build-app's context, built by podman on the offline jlink
# JRE of src/test/container/offline-jre-image.sh), in a container with a Fargate task's limits (--cpus,
# --memory), against dynalite + moto (bench/backend.sh). Per start: ready time (podman run -> first /ping 200),
# the first COLD seconds on the 401 path (GET / without credentials) or on POST /query (100 items, a fresh start
# each), then after WARMUP of both, WARM seconds of each; peak cgroup memory against the limit, OOM kills.
# Medians of RUNS (default 5) with min-max, per task size and per image variant, variants interleaved.
#
#   SIZES     "cpu/memory" pairs in Fargate units (default "256/512 512/1024 1024/2048")
#   VARIANTS  "name|jdk|goaws.jvmFlags" separated by ';' (default "default|17|": the plugin's default flags on
#             JRE 17). jdk: 17 or 25 (jlink from /usr/lib/jvm). An empty goaws.jvmFlags is the plugin default.
#             A name ending in "+aot" (jdk 25) gets JDK 25's AOT cache from a training run (see train_aot).
#   RUNS COLD WARMUP WARM CONNECTIONS   (5, 10s, 30s, 10s, 32)
# Usage: bench/app-task.sh    SIZES=256/512 VARIANTS='default|17|;c1|17|-XX:TieredStopAtLevel=1' bench/app-task.sh
source "$(dirname "$0")/lib.sh"
source "$ROOT/bench/backend.sh"
SIZES=${SIZES:-"256/512 512/1024 1024/2048"}
VARIANTS=${VARIANTS:-"default|17|"}
COLD=${COLD:-10s}; WARMUP=${WARMUP:-30s}; WARM=${WARM:-10s}; CONNECTIONS=${CONNECTIONS:-32}
SUFFIX=$(date +%s)-$$
TASK=$WORK/app-task; mkdir -p "$TASK"; RESULTS=$TASK/results.txt; : >"$RESULTS"
PIDS=(); IMAGES=()
PODMAN_RUN=(podman run -d --runtime runc --ulimit nofile=4096:4096 --ulimit nproc=4096:4096 --network host)
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  podman ps -aq --filter "name=goaws-bench-$SUFFIX" | xargs -r podman rm -f >/dev/null 2>&1 || true
  for image in "${IMAGES[@]}"; do podman rmi -f "$image" >/dev/null 2>&1 || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

cd "$ROOT"
ls sample-app/target/sample-app-*.jar >/dev/null 2>&1 || mvn -B -q -pl sample-app package -DskipTests
[ -x node_modules/.bin/dynalite ] || npm ci --no-audit --no-fund
install_plugin

jdk_home() { case $1 in 17) echo /usr/lib/jvm/java-17-openjdk-amd64 ;; *) ls -d /usr/lib/jvm/temurin-"$1"-* | head -1 ;; esac; }

# base_image JDK: the offline JRE of that JDK (a tarball kept in target/bench), tagged for this run; sets BASE.
base_image() {
  local fixed=localhost/goaws-bench-jre:$1
  BASE=localhost/goaws-bench-jre:$1-$SUFFIX
  GOAWS_JRE_TAG=$fixed "$ROOT/src/test/container/offline-jre-image.sh" "$WORK/jre$1.tar" "$(jdk_home "$1")" >/dev/null
  podman load -q -i "$WORK/jre$1.tar" >/dev/null && podman tag "$fixed" "$BASE" && podman untag "$fixed" "$fixed"
  IMAGES+=("$BASE")
}

# build_image NAME JDK FLAGS: goaws:build-app's context on that base, built by podman; sets IMAGE[NAME].
build_image() {
  local name=$1 flags=() tag=localhost/goaws-bench-app:${1//[^a-z0-9.-]/-}-$SUFFIX dist=$TASK/dist-${1//[^a-z0-9.-]/-}
  base_image "$2"
  [ -n "$3" ] && flags=("-Dgoaws.jvmFlags=$3")
  bmvn -q -N goaws:build-app "-Dgoaws.baseImage=$BASE" "-Dgoaws.imageDirectory=$dist" "${flags[@]}" >>"$TASK/build.log" 2>&1 \
    || { tail -30 "$TASK/build.log" >&2; exit 1; }
  podman build -q -t "$tag" "$dist" >>"$TASK/build.log"; IMAGES+=("$tag")
  if [[ $name == *+aot ]]; then train_aot "$tag"; fi
  IMAGE[$name]=$tag
}

# train_aot TAG: JDK 25's AOT cache (JEP 483/514) from a training run of the image at 1 vCPU: the app starts,
# serves the 401 path and /query for a few seconds, and the JVM writes /app/app.aot when it exits on SIGTERM;
# the cache is committed into the image, whose entrypoint then gets -XX:AOTCache=/app/app.aot. The cache only
# loads on the same JVM build and class path, so it is made in the very image that runs it.
train_aot() {
  local tag=$1 port name=goaws-bench-$SUFFIX-train entrypoint
  port=$(free_port)
  entrypoint=$(podman image inspect -f '{{json .Config.Entrypoint}}' "$tag")
  with_flag() { python3 -c 'import json,sys; e=json.loads(sys.argv[1]); print(json.dumps(e[:1]+[sys.argv[2]]+e[1:]))' "$entrypoint" "$1"; }
  "${PODMAN_RUN[@]}" --name "$name" --cpus 1 --memory 1g -u 0 -e PORT="$port" "${APP_ENV[@]}" \
    --entrypoint "$(with_flag -XX:AOTCacheOutput=/app/app.aot)" "$tag" >/dev/null
  wait_ready "$port" container_running "$name" || { podman logs "$name" | tail -20 >&2; exit 1; }
  wrk -t2 -c8 -d5s "http://127.0.0.1:$port/" >/dev/null
  wrk -t2 -c8 -d5s -s "$POST_LUA" "http://127.0.0.1:$port/query" >/dev/null
  podman stop -t 300 "$name" >/dev/null
  podman logs "$name" 2>&1 | grep -i 'aot' | tail -3 >>"$TASK/build.log" || true
  podman commit -q --change "USER $(podman image inspect -f '{{.Config.User}}' "$tag")" \
    --change "ENTRYPOINT $(with_flag -XX:AOTCache=/app/app.aot)" "$name" "$tag" >/dev/null
  podman rm "$name" >/dev/null
}

container_running() { [ "$(podman inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" = true ]; }
cgroup_of() { echo "/sys/fs/cgroup/$2$(awk -F: -v c="$2" '$2 ~ "(^|,)" c "(,|$)" {print $3}' "/proc/$(podman inspect -f '{{.State.Pid}}' "$1")/cgroup")"; }

# start NAME IMAGE CPUS MIB: runs the image with the task's limits; sets PORT_, READY_MS, READY_CPU_MS (CPU time
# the container used until then: what start-up costs whatever the machine's load), CGROUP (memory).
start() {
  local t0; PORT_=$(free_port); t0=$(date +%s%N)
  "${PODMAN_RUN[@]}" --name "$1" --cpus "$3" --memory "${4}m" --memory-swap "${4}m" -e PORT="$PORT_" "${APP_ENV[@]}" "$2" >/dev/null
  wait_ready "$PORT_" container_running "$1" || { podman logs "$1" | tail -20 >&2; exit 1; }
  READY_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
  READY_CPU_MS=$(( $(cat "$(cgroup_of "$1" cpuacct)/cpuacct.usage") / 1000000 )); CGROUP=$(cgroup_of "$1" memory)
}
# stop NAME: "<peak MiB> <oom kills>" (an OOM-killed JVM counts even if the container is gone).
stop() {
  local peak oom
  peak=$(( $(cat "$CGROUP/memory.max_usage_in_bytes") / 1048576 ))
  oom=$(awk '$1=="oom_kill" {print $2}' "$CGROUP/memory.oom_control")
  container_running "$1" || oom=$((oom + 1))
  podman stop -t 30 "$1" >/dev/null 2>&1 || true; podman rm -f "$1" >/dev/null 2>&1 || true
  echo "$peak $oom"
}
load() { wrk -t2 -c"$CONNECTIONS" -d"$1" --timeout 10s --latency "${@:3}" "http://127.0.0.1:$PORT_$2" >"$TASK/wrk.txt"; wrk_figures "$TASK/wrk.txt"; }

# one_run VARIANT IMAGE CPU_UNITS MIB: two starts (cold 401; cold /query, warm-up, warm both) -> a result line.
one_run() {
  local cpus name=goaws-bench-$SUFFIX-$RANDOM r1 cpu1 c401 cq w401 wq m1 m2
  cpus=$(python3 -c "print($3/1024)")
  start "$name" "$2" "$cpus" "$4"; r1=$READY_MS; cpu1=$READY_CPU_MS
  c401=$(load "$COLD" /)
  m1=$(stop "$name")
  start "$name" "$2" "$cpus" "$4"
  cq=$(load "$COLD" /query -s "$POST_LUA")
  wrk -t1 -c$((CONNECTIONS / 2)) -d"$WARMUP" "http://127.0.0.1:$PORT_/" >/dev/null & local warming=$!
  wrk -t1 -c$((CONNECTIONS / 2)) -d"$WARMUP" -s "$POST_LUA" "http://127.0.0.1:$PORT_/query" >/dev/null
  wait "$warming"
  w401=$(load "$WARM" /)
  wq=$(load "$WARM" /query -s "$POST_LUA")
  m2=$(stop "$name")
  # variant size ready_ms ready2_ms cold401 p99 coldq p99 warm401 p99 warmq p99 peak1 oom1 peak2 oom2 cpu1 cpu2
  echo "$1 $3/$4 $r1 $READY_MS $c401 $cq $w401 $wq $m1 $m2 $cpu1 $READY_CPU_MS"
}

start_backend
APP_ENV=(-e GOAWS_USERNAME -e GOAWS_PASSWORD -e AWS_REGION -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY
         -e AWS_ENDPOINT_URL_DYNAMODB -e AWS_ENDPOINT_URL_SSM)
declare -A IMAGE
IFS=';' read -ra SPECS <<<"$VARIANTS"
for spec in "${SPECS[@]}"; do
  IFS='|' read -r name jdk flags <<<"$spec"
  echo "== image $name: JRE $jdk, goaws.jvmFlags=${flags:-<default>}"
  build_image "$name" "$jdk" "$flags"
done
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$RUNS"); do
  for size in $SIZES; do
    for spec in "${SPECS[@]}"; do
      name=${spec%%|*}
      line=$(one_run "$name" "${IMAGE[$name]}" "${size%/*}" "${size#*/}")
      echo "$line" >>"$RESULTS"
      echo "   run $i/$RUNS $line   (load $(cut -d' ' -f1 /proc/loadavg))"
    done
  done
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$RESULTS" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    f = line.split()
    rows.setdefault((f[1], f[0]), []).append(f)
def fig(vals, fmt="{:g}"):
    m = statistics.median(vals)
    return f"{fmt.format(m)} ({fmt.format(min(vals))}–{fmt.format(max(vals))})"
print("\nmedians of n runs (min–max); ready = podman run -> first /ping 200, start CPU = the container's CPU time"
      " until then; req/s with p99 ms; peak = cgroup max usage")
print(f"{'size':<10} {'variant':<18} {'n':>2} {'ready s':<18} {'start CPU s':<18} {'cold 401 req/s':<24} {'cold /query':<20} {'warm 401':<24} {'warm /query':<20} {'peak MiB (% limit)':<22} oom")
for (size, variant), rs in rows.items():
    col = lambda i: [float(r[i]) for r in rs]
    limit = int(size.split("/")[1])
    ready = [float(r[2]) / 1000 for r in rs] + [float(r[3]) / 1000 for r in rs]
    cpu = [float(r[16]) / 1000 for r in rs] + [float(r[17]) / 1000 for r in rs]
    peak = [max(float(r[12]), float(r[14])) for r in rs]
    oom = sum(int(r[13]) + int(r[15]) for r in rs)
    print(f"{size:<10} {variant:<18} {len(rs):>2} {fig(ready, '{:.2f}'):<18} {fig(cpu, '{:.2f}'):<18} "
          f"{fig(col(4), '{:.0f}') + ' p99 ' + format(statistics.median(col(5)), '.0f'):<24} "
          f"{fig(col(6), '{:.0f}') + ' p99 ' + format(statistics.median(col(7)), '.0f'):<20} "
          f"{fig(col(8), '{:.0f}') + ' p99 ' + format(statistics.median(col(9)), '.0f'):<24} "
          f"{fig(col(10), '{:.0f}') + ' p99 ' + format(statistics.median(col(11)), '.0f'):<20} "
          f"{fig(peak, '{:.0f}') + f' ({100 * statistics.median(peak) / limit:.0f} %)':<22} {oom}")
PY
