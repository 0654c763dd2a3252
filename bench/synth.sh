#!/usr/bin/env bash
# Synthesis of the three stacks from scratch, wall and CPU time (JVM and node apart, bench/cpu.py):
#   goaws      `mvn goaws:synth`
#   standard   the standard CDK-for-Java workflow for goaws's stacks (`cdk synth` running "mvn -e -q compile
#              exec:java" on a main() that builds them with goaws's code as a library, cdk-nag included)
#   plain      the same workflow for a plain CDK app of the seed's three stacks (no cdk-nag, no hardening)
# interleaved, RUNS times each (default 5), after one untimed warm-up of each. PHASES=1 adds, for attribution,
# goaws:synth with -Dgoaws.nag=false and with CDK_VALIDATION=false (aws-cdk-lib's template validator off).
# C1=1 adds goaws:synth and the standard app with MAVEN_OPTS=-XX:TieredStopAtLevel=1 (C1 only in Maven's JVM,
# and in the standard app's exec:java, which runs in that JVM). CDK_VALIDATION=false in the environment turns
# that validator off everywhere.
# Usage: bench/synth.sh   (RUNS=9 PHASES=1 C1=1 bench/synth.sh)
source "$(dirname "$0")/lib.sh"
install_plugin
CDK=$(cdk_cli)
GOAWS=$WORK/synth/goaws; STANDARD=$WORK/synth/standard; PLAIN=$WORK/synth/plain
rm -rf "$WORK/synth"; goaws_project "$GOAWS"; standard_project "$STANDARD"; plain_project "$PLAIN"
maven_config "$GOAWS"; maven_config "$STANDARD"; maven_config "$PLAIN"
LOG=$WORK/synth.log; : >"$LOG"; RESULTS=$WORK/synth.txt; : >"$RESULTS"
goaws_synth() { rm -rf "$GOAWS/target/goaws"; (cd "$GOAWS" && timed "$1" mvn -B goaws:synth "${@:2}"); }
cdk_synth() { rm -rf "$2/cdk.out"; (cd "$2" && timed "$1" "$CDK" synth -q --no-notices); }
G="goaws: mvn goaws:synth"; S="standard: cdk synth, goaws's stacks"; P="plain: cdk synth, seed's stacks"
echo "== warm-up (untimed; CDK_VALIDATION=${CDK_VALIDATION:-<unset>}; load average $(cut -d' ' -f1-3 /proc/loadavg))"
goaws_synth warm-up; cdk_synth warm-up "$STANDARD"; cdk_synth warm-up "$PLAIN"; : >"$RESULTS"
for i in $(seq 1 "$RUNS"); do
  cdk_synth "$P" "$PLAIN"
  cdk_synth "$S" "$STANDARD"
  goaws_synth "$G"
  if [ -n "${PHASES:-}" ]; then
    goaws_synth "goaws, cdk-nag off (-Dgoaws.nag=false)" -Dgoaws.nag=false
    CDK_VALIDATION=false goaws_synth "goaws, CDK_VALIDATION=false"
  fi
  if [ -n "${C1:-}" ]; then
    MAVEN_OPTS=-XX:TieredStopAtLevel=1 cdk_synth "standard, MAVEN_OPTS=-XX:TieredStopAtLevel=1" "$STANDARD"
    MAVEN_OPTS=-XX:TieredStopAtLevel=1 goaws_synth "goaws, MAVEN_OPTS=-XX:TieredStopAtLevel=1"
  fi
  echo "   run $i/$RUNS (load $(cut -d' ' -f1 /proc/loadavg))"
done
grep -q "Synthesized 3 stack(s)" "$LOG" || { echo "goaws did not synthesize 3 stacks: $LOG" >&2; exit 1; }
ls "$STANDARD"/cdk.out/goaws-container.template.json "$PLAIN"/cdk.out/container.template.json >/dev/null
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
cpu_summary "$RESULTS" "$P" "$S"
