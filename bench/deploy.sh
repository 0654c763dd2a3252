#!/usr/bin/env bash
# Deploying the three stacks into a fresh moto: `mvn goaws:deploy` (vpc and table side by side with the CLI's
# --concurrency 2, then container) vs the three goals in separate mvn invocations, one after another (what a
# user of the seed's Taskfile does). Each timed run gets its own moto, bootstrapped and with the assembly
# synthesized beforehand (untimed), so both sides start from the same state. Interleaved, RUNS times each.
# Usage: bench/deploy.sh
source "$(dirname "$0")/lib.sh"
install_plugin
cdk_cli >/dev/null
PROJECT=$WORK/deploy/project
rm -rf "$WORK/deploy"; goaws_project "$PROJECT"; maven_config "$PROJECT"
LOG=$WORK/deploy.log; : >"$LOG"; RESULTS=$WORK/deploy.txt; : >"$RESULTS"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
MOTO_PID=
stop_moto() { [ -z "$MOTO_PID" ] || { kill "$MOTO_PID" 2>/dev/null || true; wait "$MOTO_PID" 2>/dev/null || true; MOTO_PID=; }; }
trap stop_moto EXIT
fresh_moto() {
  stop_moto
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  python3 "$ROOT/goaws-maven-plugin/src/main/resources/dev/goaws/local/goaws_moto.py" --port "$PORT" \
      >"$WORK/deploy/moto-$PORT.log" 2>&1 & MOTO_PID=$!
  for _ in $(seq 1 200); do (echo >/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break; sleep 0.05; done
  ARGS=(-Dgoaws.endpoint=http://127.0.0.1:$PORT -Dgoaws.region=eu-central-1 -Dgoaws.bootstrap=true
        -Dgoaws.image=public.ecr.aws/docker/library/amazoncorretto:17)
  (cd "$PROJECT" && time_ms mvn -B goaws:bootstrap "${ARGS[@]}" >/dev/null)
}
all_at_once() { (cd "$PROJECT" && time_ms mvn -B goaws:deploy "${ARGS[@]}"); }
one_by_one() {
  (cd "$PROJECT" && time_ms bash -c 'for goal in deploy-vpc deploy-table deploy-container; do
      mvn -B goaws:$goal "$@" || exit 1; done' _ "${ARGS[@]}")
}
for i in $(seq 1 "$RUNS"); do
  fresh_moto; echo "taskfile-style: deploy-vpc, deploy-table, deploy-container $(one_by_one)" >>"$RESULTS"
  fresh_moto; echo "goaws: mvn goaws:deploy $(all_at_once)" >>"$RESULTS"
  echo "   run $i/$RUNS: $(tail -2 "$RESULTS" | awk '{print $NF " ms"}' | paste -sd' ')"
done
stop_moto
summary "goaws: mvn goaws:deploy" "taskfile-style: deploy-vpc, deploy-table, deploy-container" "$RESULTS"
echo "logs: $LOG"
