#!/usr/bin/env bash
# Synthesis of the three stacks from scratch: `mvn goaws:synth` vs the standard CDK-for-Java workflow
# (`cdk synth` running "mvn -e -q compile exec:java"), interleaved, RUNS times each (default 5), plus one
# untimed warm-up of each. CDK_VALIDATION=false in the environment turns aws-cdk-lib's template validator
# off on both sides. Usage: bench/synth.sh   (RUNS=9 bench/synth.sh)
source "$(dirname "$0")/lib.sh"
install_plugin
CDK=$(cdk_cli)
GOAWS=$WORK/synth/goaws; STANDARD=$WORK/synth/standard
rm -rf "$WORK/synth"; goaws_project "$GOAWS"; standard_project "$STANDARD"
maven_config "$GOAWS"; maven_config "$STANDARD"
LOG=$WORK/synth.log; : >"$LOG"; RESULTS=$WORK/synth.txt; : >"$RESULTS"
goaws_synth() { rm -rf "$GOAWS/target/goaws"; (cd "$GOAWS" && time_ms mvn -B goaws:synth); }
standard_synth() { rm -rf "$STANDARD/cdk.out"; (cd "$STANDARD" && time_ms "$CDK" synth -q --no-notices); }
echo "== warm-up (untimed; CDK_VALIDATION=${CDK_VALIDATION:-<unset>})"
goaws_synth >/dev/null; standard_synth >/dev/null
for i in $(seq 1 "$RUNS"); do
  echo "standard: cdk synth (mvn compile exec:java) $(standard_synth)" >>"$RESULTS"
  echo "goaws: mvn goaws:synth $(goaws_synth)" >>"$RESULTS"
  echo "   run $i/$RUNS: $(tail -2 "$RESULTS" | awk '{print $NF " ms"}' | paste -sd' ')"
done
grep -q "Synthesized 3 stack(s)" "$LOG" || { echo "goaws did not synthesize 3 stacks: $LOG" >&2; exit 1; }
ls "$STANDARD"/cdk.out/goaws-container.template.json >/dev/null
summary "goaws: mvn goaws:synth" "standard: cdk synth (mvn compile exec:java)" "$RESULTS"
