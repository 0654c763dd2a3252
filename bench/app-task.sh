#!/usr/bin/env bash
# The sample app where it runs: its own image (goaws:build-app's context, built by podman on the offline jlink
# JRE of src/test/container/offline-jre-image.sh), in a container with a Fargate task's limits (--cpus,
# --memory), against dynalite + moto (bench/backend.sh). Per start: ready time (podman run -> first /ping 200),
# the first COLD seconds on the 401 path (GET / without credentials) or on POST /query (100 items, a fresh start
# each), then after WARMUP of both, WARM seconds of each; peak cgroup memory against the limit, OOM kills.
# Medians of RUNS (default 5) with min-max, per task size and per image variant, variants interleaved.
#
#   SIZES     "cpu/memory" pairs in Fargate units (default "256/512 512/1024 1024/2048")
#   VARIANTS  "name|jdk|goaws.jvmFlags[|project dir]" separated by ';' (default "default|17|": the plugin's
#             default flags on JRE 17). jdk: 17 or 25 (jlink from /usr/lib/jvm). An empty goaws.jvmFlags is the
#             plugin default. project dir: another checkout whose sample app to package (default: this one), e.g.
#             the commit before a change. A name ending in "+cds" (JDK 17: an AppCDS archive) or "+aot" (JDK 25:
#             its AOT cache) gets that from a training run in the image (see train); "+goaws-cds" is the plugin's
#             own goaws.classDataSharing=true (Jib image, archive trained by goaws:build-app).
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

# build_image NAME JDK FLAGS [PROJECT]: goaws:build-app's context on that base, built by podman; sets IMAGE[NAME].
build_image() {
  local name=$1 flags=() tag=localhost/goaws-bench-app:${1//[^a-z0-9.-]/-}-$SUFFIX dist=$TASK/dist-${1//[^a-z0-9.-]/-}
  base_image "$2"
  [ -n "$3" ] && flags=("-Dgoaws.jvmFlags=$3")
  if [[ $name == *+goaws-cds ]]; then
    # The product's own mode: Jib builds the image on the same JRE (as a tarball), goaws trains the archive in it.
    (cd "${4:-$ROOT}" && bmvn -q -N goaws:build-app "-Dgoaws.baseImage=tar://$WORK/jre$2.tar" -Dgoaws.imageBuilder=jib \
      -Dgoaws.classDataSharing=true "-Dgoaws.imageDirectory=$dist" "-Dgoaws.imageTar=$TASK/image.tar" "${flags[@]}") \
      >>"$TASK/build.log" 2>&1 || { tail -30 "$TASK/build.log" >&2; exit 1; }
    tag=$(podman load -q -i "$TASK/image.tar" | awk '/Loaded image/ {print $NF}'); rm -f "$TASK/image.tar"
    IMAGES+=("$tag"); IMAGE[$name]=$tag; return
  fi
  (cd "${4:-$ROOT}" && bmvn -q -N goaws:build-app "-Dgoaws.baseImage=$BASE" "-Dgoaws.imageDirectory=$dist" "${flags[@]}") \
    >>"$TASK/build.log" 2>&1 || { tail -30 "$TASK/build.log" >&2; exit 1; }
  podman build -q -t "$tag" "$dist" >>"$TASK/build.log"; IMAGES+=("$tag")
  case $name in
    *+cds) train "$tag" -XX:ArchiveClassesAtExit=/app/app.jsa -XX:SharedArchiveFile=/app/app.jsa ;;
    *+aot) train "$tag" -XX:AOTCacheOutput=/app/app.aot -XX:AOTCache=/app/app.aot ;;
  esac
  IMAGE[$name]=$tag
}

# train TAG DUMP_FLAG USE_FLAG: a training run of the image at 1 vCPU: the app starts, serves the 401 path and
# /query for a few seconds, and the JVM writes its archive (JDK 17 AppCDS) or cache (JDK 25 AOT, JEP 483/514)
# when it exits on SIGTERM; that file is committed into the image, whose command (CMD: goaws images have no
# entrypoint) then gets USE_FLAG. Either only loads on the same JVM build and class path, so it is made in the very
# image that runs it.
train() {
  local tag=$1 port name=goaws-bench-$SUFFIX-train command
  local -a training
  port=$(free_port)
  command=$(podman image inspect -f '{{json .Config.Cmd}}' "$tag")
  with_flag() { python3 -c 'import json,sys; e=json.loads(sys.argv[1]); print(json.dumps(e[:1]+[sys.argv[2]]+e[1:]))' "$command" "$1"; }
  mapfile -t training < <(with_flag "$2" | python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)))')
  "${PODMAN_RUN[@]}" --name "$name" --cpus 1 --memory 1g -u 0 -e PORT="$port" "${APP_ENV[@]}" \
    "$tag" "${training[@]}" >/dev/null
  wait_ready "$port" container_running "$name" || { podman logs "$name" | tail -20 >&2; exit 1; }
  wrk -t2 -c8 -d5s "http://127.0.0.1:$port/" >/dev/null
  wrk -t2 -c8 -d5s -s "$POST_LUA" "http://127.0.0.1:$port/query" >/dev/null
  podman stop -t 300 "$name" >/dev/null
  podman logs "$name" 2>&1 | grep -iE 'aot|cds|archive' | tail -3 >>"$TASK/build.log" || true
  podman commit -q --change "USER $(podman image inspect -f '{{.Config.User}}' "$tag")" \
    --change "CMD $(with_flag "$3")" "$name" "$tag" >/dev/null
  podman rm "$name" >/dev/null
}

container_running() { [ "$(podman inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" = true ]; }
cgroup_of() { echo "/sys/fs/cgroup/$2$(awk -F: -v c="$2" '$2 ~ "(^|,)" c "(,|$)" {print $3}' "/proc/$(podman inspect -f '{{.State.Pid}}' "$1")/cgroup")"; }

# start NAME IMAGE CPUS MIB: runs the image with the task's limits; sets PORT_, READY_MS, READY_CPU_MS (the
# container's CPU time until then: what start-up costs whatever the machine's load), CPUACCT and CGROUP (memory).
start() {
  local t0; PORT_=$(free_port); t0=$(date +%s%N)
  "${PODMAN_RUN[@]}" --name "$1" --cpus "$3" --memory "${4}m" --memory-swap "${4}m" -e PORT="$PORT_" "${APP_ENV[@]}" "$2" >/dev/null
  wait_ready "$PORT_" container_running "$1" || { podman logs "$1" | tail -20 >&2; exit 1; }
  READY_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
  CPUACCT=$(cgroup_of "$1" cpuacct)/cpuacct.usage; CGROUP=$(cgroup_of "$1" memory)
  READY_CPU_MS=$(( $(cat "$CPUACCT") / 1000000 ))
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
# load DURATION PATH [wrk options]: "<req/s> <p99 ms> <CPU ms the container used meanwhile>".
load() {
  local before; before=$(cat "$CPUACCT")
  wrk -t2 -c"$CONNECTIONS" -d"$1" --timeout 10s --latency "${@:3}" "http://127.0.0.1:$PORT_$2" >"$TASK/wrk.txt"
  echo "$(wrk_figures "$TASK/wrk.txt") $(( ($(cat "$CPUACCT") - before) / 1000000 ))"
}

# one_run VARIANT IMAGE CPU_UNITS MIB: two starts (cold 401; cold /query, warm-up, warm both) -> a result line.
one_run() {
  local cpus name=goaws-bench-$SUFFIX-$RANDOM line warming
  cpus=$(python3 -c "print($3/1024)")
  start "$name" "$2" "$cpus" "$4"; line="variant=$1 size=$3/$4 ready=$READY_MS startcpu=$READY_CPU_MS"
  line+=" $(printf 'cold401=%s,%s,%s' $(load "$COLD" /))"
  line+=" $(printf 'peak=%s oom=%s' $(stop "$name"))"
  start "$name" "$2" "$cpus" "$4"; line+=" ready=$READY_MS startcpu=$READY_CPU_MS"
  line+=" $(printf 'coldquery=%s,%s,%s' $(load "$COLD" /query -s "$POST_LUA"))"
  wrk -t1 -c$((CONNECTIONS / 2)) -d"$WARMUP" "http://127.0.0.1:$PORT_/" >/dev/null & warming=$!
  wrk -t1 -c$((CONNECTIONS / 2)) -d"$WARMUP" -s "$POST_LUA" "http://127.0.0.1:$PORT_/query" >/dev/null
  wait "$warming"
  line+=" $(printf 'warm401=%s,%s,%s' $(load "$WARM" /))"
  line+=" $(printf 'warmquery=%s,%s,%s' $(load "$WARM" /query -s "$POST_LUA"))"
  line+=" $(printf 'peak=%s oom=%s' $(stop "$name"))"
  echo "$line"
}

start_backend
APP_ENV=(-e GOAWS_USERNAME -e GOAWS_PASSWORD -e AWS_REGION -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY
         -e AWS_ENDPOINT_URL_DYNAMODB -e AWS_ENDPOINT_URL_SSM)
declare -A IMAGE
IFS=';' read -ra SPECS <<<"$VARIANTS"
for spec in "${SPECS[@]}"; do
  IFS='|' read -r name jdk flags project <<<"$spec"
  echo "== image $name: JRE $jdk, goaws.jvmFlags=${flags:-<default>}${project:+, app of $project}"
  build_image "$name" "$jdk" "$flags" "$project"
done
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$RUNS"); do
  for size in $SIZES; do
    for spec in "${SPECS[@]}"; do
      name=${spec%%|*}
      line=$(one_run "$name" "${IMAGE[$name]}" "${size%/*}" "${size#*/}")
      echo "$line load=$(cut -d' ' -f1 /proc/loadavg)" >>"$RESULTS"
      echo "   run $i/$RUNS $line load=$(cut -d' ' -f1 /proc/loadavg)"
    done
  done
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$ROOT/bench/app-task-summary.py" "$RESULTS" "$COLD" "$WARM"
