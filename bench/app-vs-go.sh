#!/usr/bin/env bash
# The sample app's images as goaws builds them, beside the Go original in the same container limits in the same
# run: each figure with its ratio to Go, so issue 30's targets are read from one command. The Go original is
# megaproaktiv/go-on-aws-source, architectures/container/app (MIT); its code is built under target/bench and
# never enters this repository.
#
# Needs podman + runc, wrk and nsenter (util-linux); for the Go original Debian's Go toolchain and the two
# library packages it builds against in GOPATH mode (no module proxy is reachable here):
#   apt-get install wrk golang-go golang-github-gin-gonic-gin-dev golang-github-aws-aws-sdk-go-v2-dev
# Its source: GO_ORIGINAL=<a checkout or a git directory of go-on-aws-source>, else `git clone` from GitHub into
# target/bench/go-original. Without source or toolchain the Go baseline is skipped with a message (no ratios).
#
# How each app runs: a container with only its own loopback (--network none; the Go original listens on :8080,
# hard-coded), on CPU $APP_CPU (--cpuset-cpus) with the task's --cpus/--memory; wrk (CONNECTIONS connections)
# on CPU $WRK_CPU inside the container's network namespace (nsenter). Per run and app: ready (the container's
# start, podman's StartedAt, -> first /ping 200; "podman run ->" adds podman's own creation of the container,
# which no app controls), the container's CPU until then, the 401 path (GET / without credentials) over the first
# COLD seconds, load until WARM_AT seconds after ready, then WARM seconds of it again (warm); with LATE_AT
# (e.g. 300) the same again at that second; peak cgroup memory; OOM kills. Each window also prints the share of
# its CPU quota the container got: the machine may be shared, and a share well below 100 % means the machine's
# load, not the app, set that figure. Medians of RUNS runs, apps interleaved.
#
# Every Java image is built by goaws:build-app with Jib on -Dgoaws.baseImage=jlink (the JRE linked from this
# machine's JDK 25, or 17 for javaVersion=17) at the size it runs at (-Dgoaws.cpu/-Dgoaws.memory: the start-up
# cache is trained at that size), plus the variant's properties:
#   VARIANTS  "name|goaws:build-app properties (space-separated)|goaws.jvmFlags (empty: the plugin's)" joined
#             by ';'. Default: the plugin's default image, its opt-out, the Java 17 image.
#   SIZES     "cpu/memory" in Fargate units (default 256/512)
#   RUNS COLD WARM_AT WARM LATE_AT CONNECTIONS APP_CPU WRK_CPU   (3, 10s, 60, 10s, 0, 16, 0, 1)
# Usage: bench/app-vs-go.sh
#        VARIANTS='default||;tiered|-Dgoaws.startupCache=false|-XX:MaxRAMPercentage=75' LATE_AT=300 bench/app-vs-go.sh
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-3}
SIZES=${SIZES:-256/512}
VARIANTS=${VARIANTS:-"default||;opt-out|-Dgoaws.startupCache=false|;java17|-Dgoaws.javaVersion=17|"}
COLD=${COLD:-10s}; WARM_AT=${WARM_AT:-60}; WARM=${WARM:-10s}; LATE_AT=${LATE_AT:-0}
CONNECTIONS=${CONNECTIONS:-16}; APP_CPU=${APP_CPU:-0}; WRK_CPU=${WRK_CPU:-1}
SUFFIX=$(date +%s)-$$
TASK=$WORK/app-vs-go; mkdir -p "$TASK"; RESULTS=$TASK/results.txt; : >"$RESULTS"; LOG=$TASK/build.log; : >"$LOG"
IMAGES=()
cleanup() {
  podman ps -aq --filter "name=goaws-vs-go-$SUFFIX" | xargs -r podman rm -f >/dev/null 2>&1 || true
  for image in "${IMAGES[@]}"; do podman rmi -f "$image" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT
for tool in podman wrk nsenter curl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (see the header of $0)" >&2; exit 1; }
done

cd "$ROOT"
ls sample-app/target/sample-app-*.jar >/dev/null 2>&1 || mvn -B -q -pl sample-app package -DskipTests
install_plugin

# --- the Go original -------------------------------------------------------------------------------------------
GO_DIR=$WORK/go-original
# go_original: builds the original app (GOPATH mode, Debian's packages) and its image; sets GO_IMAGE or says why not.
go_original() {
  local src=${GO_ORIGINAL:-$GO_DIR/source} tree=$GO_DIR/gopath/src/showtable ctx=$GO_DIR/image
  command -v go >/dev/null || { echo "== Go baseline skipped: no go toolchain (apt-get install golang-go ...)"; return 1; }
  for pkg in github.com/gin-gonic/gin github.com/aws/aws-sdk-go-v2/service/ssm; do
    [ -d "/usr/share/gocode/src/$pkg" ] || { echo "== Go baseline skipped: /usr/share/gocode/src/$pkg is missing" \
      "(apt-get install golang-github-gin-gonic-gin-dev golang-github-aws-aws-sdk-go-v2-dev)"; return 1; }
  done
  if [ -z "${GO_ORIGINAL:-}" ] && [ ! -d "$src" ]; then
    git clone -q --depth 1 https://github.com/megaproaktiv/go-on-aws-source "$src" >>"$LOG" 2>&1 \
      || { echo "== Go baseline skipped: cannot clone github.com/megaproaktiv/go-on-aws-source (set GO_ORIGINAL)"; return 1; }
  fi
  rm -rf "$tree" "$ctx"; mkdir -p "$tree" "$ctx"
  git -C "$src" archive HEAD:architectures/container/app | tar -x -C "$tree" \
    || { echo "== Go baseline skipped: no architectures/container/app in $src"; return 1; }
  echo "== Go original: $(git -C "$src" rev-parse --short HEAD) of go-on-aws-source, $(go version | cut -d' ' -f3), GOPATH mode"
  # A static binary (no cgo): the image needs nothing but it, its templates and assets.
  (cd "$tree" && GOPATH=$GO_DIR/gopath:/usr/share/gocode GO111MODULE=off CGO_ENABLED=0 GOCACHE=$GO_DIR/cache \
    go build -o "$ctx/dosshow" showtable/main) >>"$LOG" 2>&1 \
    || { echo "== Go baseline skipped: the build failed (log: $LOG)"; tail -5 "$LOG"; return 1; }
  cp -r "$tree/templates" "$tree/assets" "$ctx/"
  # As the original's Dockerfile runs it (/app, its relative templates/ and assets/), but FROM scratch and non-root.
  printf 'FROM scratch\nCOPY . /app/\nWORKDIR /app\nUSER 65532:65532\nENTRYPOINT ["/app/dosshow"]\n' >"$ctx/Containerfile"
  GO_IMAGE=localhost/goaws-vs-go-original:$SUFFIX
  podman build -q -t "$GO_IMAGE" -f "$ctx/Containerfile" "$ctx" >>"$LOG" 2>&1 || { echo "== Go baseline skipped: podman build failed"; return 1; }
  IMAGES+=("$GO_IMAGE")
}

# --- the Java images, built by the plugin ----------------------------------------------------------------------
declare -A IMAGE
# build_image NAME CPU MIB PROPERTIES FLAGS: goaws:build-app's Jib image at that size, loaded into podman.
build_image() {
  local name=$1 tar=$TASK/image.tar props=() tag
  read -ra props <<<"$4"
  [ -n "$5" ] && props+=("-Dgoaws.jvmFlags=$5")
  echo "== image $name at $2/$3: goaws:build-app -Dgoaws.baseImage=jlink ${props[*]}"
  if ! bmvn -N goaws:build-app -Dgoaws.baseImage=jlink -Dgoaws.imageBuilder=jib -Dgoaws.containerEngine=podman \
      "-Dgoaws.cpu=$2" "-Dgoaws.memory=$3" "-Dgoaws.imageDirectory=$TASK/dist" "-Dgoaws.imageTar=$tar" "${props[@]}" \
      >"$TASK/build-$name.log" 2>&1; then
    tail -30 "$TASK/build-$name.log" >&2; exit 1
  fi
  grep -E "JRE base image|Base image .* pinned|Training the start-up cache|Start-up cache" "$TASK/build-$name.log" \
    | sed 's/^\[[A-Z]*\] /   /' || true
  tag=$(podman load -q -i "$tar" | awk '/Loaded image/ {print $NF}'); rm -f "$tar"
  IMAGES+=("$tag"); IMAGE[$name/$2/$3]=$tag
}

# --- one start of one image --------------------------------------------------------------------------------------
cgroup_of() { echo "/sys/fs/cgroup/$2$(awk -F: -v c="$2" '$2 ~ "(^|,)" c "(,|$)" {print $3}' "/proc/$1/cgroup")"; }
running() { [ "$(podman inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" = true ]; }
in_net() { nsenter --net="/proc/$PID_/ns/net" "$@"; }
# window SECONDS: wrk on the 401 path inside the container's network -> "<req/s> <p99 ms> <container CPU ms>".
window() {
  local before; before=$(cat "$CPUACCT")
  in_net taskset -c "$WRK_CPU" wrk -t2 -c"$CONNECTIONS" -d"$1" --timeout 10s --latency http://127.0.0.1:8080/ >"$TASK/wrk.txt"
  echo "$(wrk_figures "$TASK/wrk.txt") $(( ($(cat "$CPUACCT") - before) / 1000000 ))"
}
wrk_figures() {
  awk '/Requests\/sec/ {rps=$2} $1=="99%" {v=$2; if (v ~ /us$/) ms=v/1000; else if (v ~ /ms$/) ms=v+0; else if (v ~ /s$/) ms=v*1000; else ms=v}
       END {printf "%d %.1f\n", rps, ms}' "$1"
}
# keep_loaded UNTIL_SECONDS_AFTER_READY: unmeasured load up to that second.
keep_loaded() {
  local left=$(( $1 - ($(date +%s%N) - READY_AT) / 1000000000 ))
  [ "$left" -gt 0 ] && in_net taskset -c "$WRK_CPU" wrk -t2 -c"$CONNECTIONS" -d"${left}s" http://127.0.0.1:8080/ >/dev/null
  return 0
}
# one_run APP IMAGE CPU MIB: a result line.
one_run() {
  local name=goaws-vs-go-$SUFFIX-$RANDOM cpus t0 started line peak oom cgroup
  cpus=$(python3 -c "print($3/1024)")
  t0=$(date +%s%N)
  podman run -d --runtime runc --ulimit nofile=4096:4096 --ulimit nproc=4096:4096 --network none \
    --cpuset-cpus "$APP_CPU" --cpus "$cpus" --memory "${4}m" --memory-swap "${4}m" --name "$name" \
    -e GOAWS_USERNAME=bench -e GOAWS_PASSWORD=bench-password -e AWS_REGION=us-east-1 "$2" >/dev/null
  PID_=$(podman inspect -f '{{.State.Pid}}' "$name")
  until [ "$(in_net curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/ping 2>/dev/null || true)" = 200 ]; do
    running "$name" || { podman logs "$name" 2>&1 | tail -20 >&2; echo "$1 died before it was ready" >&2; exit 1; }
    sleep 0.01
  done
  READY_AT=$(date +%s%N)
  started=$(podman inspect -f '{{.State.StartedAt.UnixNano}}' "$name")
  CPUACCT=$(cgroup_of "$PID_" cpuacct)/cpuacct.usage; cgroup=$(cgroup_of "$PID_" memory)
  line="app=$1 size=$3/$4 ready=$(( (READY_AT - started) / 1000000 )) run_ready=$(( (READY_AT - t0) / 1000000 ))"
  line+=" startcpu=$(( $(cat "$CPUACCT") / 1000000 ))"
  line+=" $(printf 'cold=%s,%s,%s' $(window "$COLD"))"
  keep_loaded "$WARM_AT"; line+=" $(printf 'warm=%s,%s,%s' $(window "$WARM"))"
  if [ "$LATE_AT" -gt 0 ]; then keep_loaded "$LATE_AT"; line+=" $(printf 'late=%s,%s,%s' $(window "$WARM"))"; fi
  peak=$(( $(cat "$cgroup/memory.max_usage_in_bytes") / 1048576 ))
  oom=$(awk '$1=="oom_kill" {print $2}' "$cgroup/memory.oom_control")
  running "$name" || oom=$((oom + 1))
  podman stop -t 10 "$name" >/dev/null 2>&1 || true; podman rm -f "$name" >/dev/null 2>&1 || true
  echo "$line peak=$peak oom=$oom load=$(cut -d' ' -f1 /proc/loadavg)"
}

APPS=()
if go_original; then APPS+=(go); else GO_IMAGE=; fi
IFS=';' read -ra SPECS <<<"$VARIANTS"
for size in $SIZES; do
  for spec in "${SPECS[@]}"; do
    IFS='|' read -r name props flags <<<"$spec"
    build_image "$name" "${size%/*}" "${size#*/}" "$props" "$flags"
  done
done
for spec in "${SPECS[@]}"; do APPS+=("${spec%%|*}"); done
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg); apps on CPU $APP_CPU, wrk on CPU $WRK_CPU"
for i in $(seq 1 "$RUNS"); do
  for size in $SIZES; do
    for app in "${APPS[@]}"; do
      image=${IMAGE[$app/$size]:-$GO_IMAGE}
      line=$(one_run "$app" "$image" "${size%/*}" "${size#*/}")
      echo "$line" >>"$RESULTS"; echo "   run $i/$RUNS $line"
    done
  done
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$RESULTS" "$COLD" "$WARM" "$WARM_AT" "$LATE_AT" <<'PY'
import statistics, sys
path, cold, warm, warm_at, late_at = sys.argv[1:]
cold, warm = float(cold.rstrip("s")), float(warm.rstrip("s"))
rows = {}
for line in open(path):
    r = dict(kv.split("=", 1) for kv in line.split())
    rows.setdefault(r["size"], {}).setdefault(r["app"], []).append(r)
med = statistics.median
def fig(v, f):
    return f"{f.format(med(v))} ({f.format(min(v))}–{f.format(max(v))})"
print(f"\nmedians of n runs (min–max); in brackets the share of its CPU quota the container got in that window;"
      f" 'x Go' = this figure / Go's (ratios within this run). 401 path: GET / without credentials,"
      f" first {cold:g} s after ready (cold), {warm:g} s from second {warm_at} (warm)"
      + (f" and from second {late_at} (5 min)" if late_at != "0" else "") + ".")
targets = {"ready": 10, "cold": 0.5, "warm": 1.0, "peak": 4}
for size, apps in rows.items():
    units = int(size.split("/")[0]) / 1024
    def window(rs, key, seconds):
        vals = [[float(x) for x in r[key].split(",")] for r in rs if key in r]
        if not vals:
            return None, ""
        rps = [v[0] for v in vals]
        share = med(v[2] / 1000 / (units * seconds) * 100 for v in vals)
        return med(rps), f"{fig(rps, '{:,.0f}')} req/s, p99 {med(v[1] for v in vals):.0f} ms ({share:.0f} %)"
    go = apps.get("go")
    base = {}
    if go:
        base["ready"] = med(float(r["ready"]) for r in go)
        base["cold"] = window(go, "cold", cold)[0]
        base["warm"] = window(go, "warm", warm)[0]
        base["late"] = window(go, "late", warm)[0]
        base["peak"] = med(float(r["peak"]) for r in go)
    print(f"\n{size}")
    head = ["app", "n", "ready s", "podman run -> ready s", "start CPU s", "401 cold", "401 warm"] + (["401 at 5 min"] if late_at != "0" else []) \
        + ["peak MiB", "OOM", "load"]
    out = [head]
    for app, rs in apps.items():
        ready = [float(r["ready"]) / 1000 for r in rs]
        cells = [app, str(len(rs)), fig(ready, "{:.2f}"), fig([float(r["run_ready"]) / 1000 for r in rs], "{:.2f}"),
                 fig([float(r["startcpu"]) / 1000 for r in rs], "{:.2f}")]
        ratios = {"ready": med(ready) * 1000}
        for key, seconds in [("cold", cold), ("warm", warm)] + ([("late", warm)] if late_at != "0" else []):
            value, text = window(rs, key, seconds)
            ratios[key] = value
            cells.append(text + (f" = {value / base[key]:.2f}x Go" if go and app != "go" and base.get(key) else ""))
        peak = [float(r["peak"]) for r in rs]
        ratios["peak"] = med(peak)
        cells.append(fig(peak, "{:.0f}") + (f" = {med(peak) / base['peak']:.1f}x Go" if go and app != "go" else ""))
        cells[2] += f" = {ratios['ready'] / base['ready']:.1f}x Go" if go and app != "go" else ""
        cells += [str(sum(int(r["oom"]) for r in rs)), f"{med(float(r['load']) for r in rs):.1f}"]
        out.append(cells)
        if go and app != "go":
            met = [f"ready {ratios['ready'] / base['ready']:.1f}x (≤ 10x: {'yes' if ratios['ready'] / base['ready'] <= 10 else 'no'})",
                   f"401 cold {ratios['cold'] / base['cold']:.2f}x (≥ 0.5x: {'yes' if ratios['cold'] / base['cold'] >= 0.5 else 'no'})",
                   f"401 warm {ratios['warm'] / base['warm']:.2f}x (≥ 1.0x: {'yes' if ratios['warm'] / base['warm'] >= 1 else 'no'})",
                   f"memory {ratios['peak'] / base['peak']:.1f}x (≤ 4x: {'yes' if ratios['peak'] / base['peak'] <= 4 else 'no'})"]
            out.append([f"  targets {app}: " + "; ".join(met)])
    for row in out:
        print(" | ".join(row))
if not any("go" in apps for apps in rows.values()):
    print("\n(no Go baseline in this run: no ratios)")
PY
