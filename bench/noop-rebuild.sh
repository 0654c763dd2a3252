#!/usr/bin/env bash
# A second `mvn goaws:synth` with nothing changed (the assembly is up to date, no CDK starts) vs Maven's own
# start-up on the same project (`mvn validate`) and vs the standard workflow's second `cdk synth`, which has no
# such check. Interleaved, RUNS times each (default 5). Usage: bench/noop-rebuild.sh
source "$(dirname "$0")/lib.sh"
install_plugin
CDK=$(cdk_cli)
GOAWS=$WORK/noop/goaws; STANDARD=$WORK/noop/standard
rm -rf "$WORK/noop"; goaws_project "$GOAWS"; standard_project "$STANDARD"
maven_config "$GOAWS"; maven_config "$STANDARD"
LOG=$WORK/noop.log; : >"$LOG"; RESULTS=$WORK/noop.txt; : >"$RESULTS"
echo "== first synthesis of each (untimed)"
(cd "$GOAWS" && time_ms mvn -B goaws:synth >/dev/null); (cd "$STANDARD" && time_ms "$CDK" synth -q --no-notices >/dev/null)
: >"$LOG"
for i in $(seq 1 "$RUNS"); do
  echo "maven start-up: mvn validate $(cd "$GOAWS" && time_ms mvn -B validate)" >>"$RESULTS"
  echo "goaws: mvn goaws:synth, up to date $(cd "$GOAWS" && time_ms mvn -B goaws:synth)" >>"$RESULTS"
  echo "standard: cdk synth again $(cd "$STANDARD" && time_ms "$CDK" synth -q --no-notices)" >>"$RESULTS"
  echo "   run $i/$RUNS: $(tail -3 "$RESULTS" | awk '{print $NF " ms"}' | paste -sd' ')"
done
[ "$(grep -c 'are up to date' "$LOG")" = "$RUNS" ] || { echo "not every rebuild was up to date: $LOG" >&2; exit 1; }
! grep -q "Synthesizing the goaws stacks" "$LOG" || { echo "a rebuild synthesized: $LOG" >&2; exit 1; }
summary "goaws: mvn goaws:synth, up to date" "maven start-up: mvn validate" "$RESULTS"
summary "goaws: mvn goaws:synth, up to date" "standard: cdk synth again" "$RESULTS" | tail -1
