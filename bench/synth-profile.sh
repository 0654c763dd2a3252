#!/usr/bin/env bash
# Where synthesis spends its node CPU: a V8 CPU profile of jsii's kernel process during `mvn goaws:synth` from
# scratch and during the plain app's `cdk synth` (bench/synth.sh's projects), split by bench/node-profile.py.
# jsii's Java runtime starts node as $JSII_NODE when set; the shim below adds --cpu-prof to the kernel child
# (lib/program.js) only, because jsii's launcher forwards every signal it gets to that child, V8's SIGPROF
# included, so profiling the launcher itself kills the kernel ("Child process exited unexpectedly").
# Usage: bench/synth-profile.sh   (RUNS=3 for three profiles of each)
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-1}
install_plugin
CDK=$(cdk_cli)
PROF=$WORK/synth-profile; rm -rf "$PROF"; mkdir -p "$PROF"
goaws_project "$PROF/goaws"; plain_project "$PROF/plain"; maven_config "$PROF/goaws"; maven_config "$PROF/plain"
cat >"$PROF/hook.js" <<'JS'
const cp = require('child_process');
const spawn = cp.spawn;
cp.spawn = function (cmd, args, opts) {
  if (Array.isArray(args) && args.some(a => String(a).endsWith('program.js'))) {
    args = ['--cpu-prof', '--cpu-prof-dir=' + process.env.GOAWS_BENCH_PROFILES, '--cpu-prof-interval', '500', ...args];
  }
  return spawn.call(this, cmd, args, opts);
};
JS
printf '#!/bin/sh\nexec node --require %s "$@"\n' "$PROF/hook.js" >"$PROF/node"; chmod +x "$PROF/node"
LOG=$PROF/log; : >"$LOG"
profile() {  # NAME DIR CMD...: one synthesis from scratch with the kernel profiled, then its split
  local name=$1 dir=$2 out=$PROF/$1-$i; shift 2
  rm -rf "$dir/target" "$dir/cdk.out"; mkdir -p "$out"
  (cd "$dir" && JSII_NODE=$PROF/node GOAWS_BENCH_PROFILES=$out "$@" >>"$LOG" 2>&1) \
    || { echo "failed: $* (log: $LOG)" >&2; tail -30 "$LOG" >&2; exit 1; }
  # jsii asks the kernel to exit and gives it 5 s; the profile is written on that exit. Thread 0 is the kernel's
  # main thread (a worker thread of jsii's runtime index, ~0.1 s, writes a profile of its own, left out).
  for _ in $(seq 50); do ls "$out"/*.0.*.cpuprofile >/dev/null 2>&1 && break; sleep 0.2; done
  echo "== $name, run $i (load $(cut -d' ' -f1 /proc/loadavg))"
  python3 "$ROOT/bench/node-profile.py" "$(ls "$out"/*.0.*.cpuprofile | head -1)"
}
for i in $(seq 1 "$RUNS"); do
  profile goaws "$PROF/goaws" mvn -B goaws:synth
  profile plain "$PROF/plain" "$CDK" synth -q --no-notices
done
