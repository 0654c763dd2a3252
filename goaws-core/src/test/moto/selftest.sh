#!/usr/bin/env bash
# Self-test of the local AWS launcher (goaws_moto.py) with the real cdk CLI.
#
#   selftest.sh <cdk.out dir> <cdk binary> [direct|change-set]   (default: direct)
#
# Against one launcher process, twice in a row: cdk bootstrap -> deploy vpc, table,
# container -> redeploy each unchanged (must say "no changes") -> check outputs
# and resources with boto3 -> destroy container, table, vpc -> check that the stacks are
# gone and the RETAIN table survived.  Prints a timing table; exit code 0 = pass.
#
# Env overrides: PYTHON (python3), PORT (a free one), REGION (eu-central-1),
# VPC_STACK/TABLE_STACK/CONTAINER_STACK (goaws-vpc/-table/-container),
# PARAM_PREFIX (/go-on-aws), APP_USERNAME (goaws), EXPECT_AUTOSCALING (1), MAX_TASKS (4), KEEP_WORK=1 keeps the work directory,
# LAUNCHER_ARGS (e.g. --no-patches, to see plain moto fail).
set -euo pipefail

if [ $# -lt 2 ]; then
  sed -n '2,13p' "$0"; exit 2
fi
ASSEMBLY=$(cd "$1" && pwd)
CDK=$2
METHOD=${3:-direct}
case "$METHOD" in direct|change-set) ;; *) echo "method must be direct or change-set" >&2; exit 2;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
LAUNCHER="$HERE/../../main/resources/dev/goaws/local/goaws_moto.py"
PYTHON=${PYTHON:-python3}
REGION=${REGION:-eu-central-1}
VPC_STACK=${VPC_STACK:-goaws-vpc}
TABLE_STACK=${TABLE_STACK:-goaws-table}
CONTAINER_STACK=${CONTAINER_STACK:-goaws-container}
PARAM_PREFIX=${PARAM_PREFIX:-/go-on-aws}
PORT=${PORT:-$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/goaws-moto-selftest.XXXXXX")
[ -f "$ASSEMBLY/manifest.json" ] || { echo "no manifest.json in $ASSEMBLY" >&2; exit 2; }
if grep -q '"missing"' "$ASSEMBLY/manifest.json"; then
  echo "assembly has missing context (placeholders): refusing to deploy" >&2; exit 2
fi

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export AWS_REGION=$REGION AWS_DEFAULT_REGION=$REGION
export AWS_ENDPOINT_URL=http://127.0.0.1:$PORT
export CDK_DEFAULT_ACCOUNT=123456789012 CDK_DEFAULT_REGION=$REGION
export CDK_DISABLE_CLI_TELEMETRY=true CDK_HOME=$WORK/cdkhome
export PARAM_PREFIX REGION VPC_STACK TABLE_STACK CONTAINER_STACK
unset AWS_PROFILE AWS_ENDPOINT_URL_S3_FOR_CLOUDFORMATION || true
mkdir -p "$CDK_HOME"

SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill "$SERVER_PID"; fi
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

TIMES=()
now() { date +%s.%N; }
# step <name> <expected-output-regex or ''> <command...>: runs, logs, times, checks
step() {
  local name=$1 expect=$2; shift 2
  local log="$WORK/$(echo "$name" | tr ' /' '__').log" t0 t1 rc=0
  echo "--- $name: $*"
  t0=$(now)
  "$@" >"$log" 2>&1 || rc=$?
  t1=$(now)
  TIMES+=("$(printf '%-34s %6.1f s' "$name" "$(echo "$t1 - $t0" | bc)")")
  if [ $rc -ne 0 ]; then
    tail -40 "$log"; echo "FAIL: $name (exit $rc, log $log)" >&2; KEEP_WORK=1; exit 1
  fi
  if [ -n "$expect" ] && ! grep -Eq "$expect" "$log"; then
    tail -40 "$log"; echo "FAIL: $name: output lacks /$expect/" >&2; KEEP_WORK=1; exit 1
  fi
}

cat >"$WORK/verify.py" <<'PY'
import json, os, sys
import boto3
from botocore.exceptions import ClientError
mode, state = sys.argv[1], sys.argv[2]
P, R = os.environ["PARAM_PREFIX"], os.environ["REGION"]
ep = os.environ["AWS_ENDPOINT_URL"]
c = lambda name: boto3.client(name, region_name=R, endpoint_url=ep)
ssm, ec2, ddb, cfn, elb = c("ssm"), c("ec2"), c("dynamodb"), c("cloudformation"), c("elbv2")
stacks = [os.environ[k] for k in ("VPC_STACK", "TABLE_STACK", "CONTAINER_STACK")]
saved = json.load(open(state)) if os.path.exists(state) else {}
def ok(cond, msg):
    print(("ok   " if cond else "FAIL ") + msg)
    if not cond:
        sys.exit(1)
def param(n):
    return ssm.get_parameter(Name=P + n)["Parameter"]["Value"]
if mode == "deployed":
    vpc = param("/vpc")
    ok(len(ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"]) == 1, "SSM %s/vpc = %s exists" % (P, vpc))
    nats = [n for n in ec2.describe_nat_gateways(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["NatGateways"]
            if n["State"] == "available"]
    ok(len(nats) == 1, "one NAT gateway in the VPC (%d)" % len(nats))
    azs = param("/vpc-azs").split(",")
    ok(len(azs) == 2, "2 AZs: %s" % azs)
    for kind in ("public", "private"):
        ids = param("/vpc-%s-subnets" % kind).split(",")
        found = ec2.describe_subnets(SubnetIds=ids)["Subnets"]
        ok(len(ids) == 2 and all(s["VpcId"] == vpc for s in found), "%s subnets %s in the VPC" % (kind, ids))
    table = param("/table")
    t = ddb.describe_table(TableName=table)["Table"]
    ok(t["TableStatus"] == "ACTIVE", "table %s ACTIVE" % table)
    ok(t["KeySchema"] == [{"AttributeName": "itemID", "KeyType": "HASH"}], "table key itemID (HASH)")
    ok({"AttributeName": "itemID", "AttributeType": "S"} in t["AttributeDefinitions"], "itemID is S")
    ok(t.get("BillingModeSummary", {}).get("BillingMode") == "PAY_PER_REQUEST", "PAY_PER_REQUEST")
    pitr = ddb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
    ok(pitr["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED", "PITR enabled")
    for s in stacks:
        st = cfn.describe_stacks(StackName=s)["Stacks"][0]
        ok(st["StackStatus"] in ("CREATE_COMPLETE", "UPDATE_COMPLETE"), "%s %s" % (s, st["StackStatus"]))
    outs = {o["OutputKey"]: o["OutputValue"] for o in st.get("Outputs", [])}
    ok(outs and all(outs.values()), "%s outputs %s" % (stacks[2], outs))
    lbs = elb.describe_load_balancers()["LoadBalancers"]
    dns = [lb["DNSName"] for lb in lbs]
    ok(any(d in v for v in outs.values() for d in dns), "an output holds the ALB DNS name")
    tgs = elb.describe_target_groups()["TargetGroups"]
    ok(any(tg.get("Matcher", {}).get("HttpCode") == "200,401" for tg in tgs), "target group matcher 200,401")
    secrets = c("secretsmanager").list_secrets()["SecretList"]
    values = [json.loads(c("secretsmanager").get_secret_value(SecretId=s["ARN"])["SecretString"]) for s in secrets]
    user = os.environ.get("APP_USERNAME", "goaws")
    ok(any(v.get("username") == user and len(v.get("password", "")) >= 20 for v in values if isinstance(v, dict)),
       "generated secret {username: %s, password: ...}" % user)
    ok(c("ecs").list_clusters()["clusterArns"], "an ECS cluster exists")
    groups = c("logs").describe_log_groups()["logGroups"]
    ok(any(g.get("retentionInDays") == 30 for g in groups), "a log group with 30-day retention")
    targets = c("application-autoscaling").describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"]
    if os.environ.get("EXPECT_AUTOSCALING", "1") == "1":
        top = int(os.environ.get("MAX_TASKS", "4"))
        ok(any(t["MinCapacity"] == 1 and t["MaxCapacity"] == top for t in targets), "scalable target 1..%d" % top)
    outfile = os.path.join(os.path.dirname(state), "outputs.json")
    ok(os.path.exists(outfile) and json.load(open(outfile)).get(stacks[2]), "--outputs-file has %s" % stacks[2])
    saved.setdefault("tables", []).append(table)
    saved["vpc"] = vpc
    json.dump(saved, open(state, "w"))
elif mode == "destroyed":
    live = [s["StackName"] + ":" + s["StackStatus"] for s in cfn.list_stacks()["StackSummaries"]
            if s["StackName"] in stacks and s["StackStatus"] != "DELETE_COMPLETE"]
    ok(not live, "stacks gone %s" % live)
    for s in stacks:
        try:
            cfn.describe_stacks(StackName=s)
            ok(False, "describe_stacks %s should fail" % s)
        except ClientError:
            pass
    ok(not ec2.describe_vpcs(Filters=[{"Name": "vpc-id", "Values": [saved["vpc"]]}])["Vpcs"], "VPC deleted")
    try:
        ssm.get_parameter(Name=P + "/vpc"); ok(False, "SSM %s/vpc should be gone" % P)
    except ClientError:
        pass
    for table in saved["tables"]:
        ok(ddb.describe_table(TableName=table)["Table"]["TableStatus"] == "ACTIVE", "RETAIN table %s survived" % table)
PY

echo "launcher: $LAUNCHER on port $PORT, cdk: $CDK ($("$CDK" --version 2>/dev/null)), method: $METHOD, work: $WORK"
t0=$(now)
"$PYTHON" "$LAUNCHER" --host 127.0.0.1 --port "$PORT" ${LAUNCHER_ARGS:-} >"$WORK/launcher.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  grep -q "goaws-moto ready" "$WORK/launcher.log" && break
  kill -0 $SERVER_PID 2>/dev/null || { cat "$WORK/launcher.log"; echo "FAIL: launcher died" >&2; exit 1; }
  sleep 0.1
done
grep "goaws-moto ready" "$WORK/launcher.log" || { cat "$WORK/launcher.log"; echo "FAIL: no ready line" >&2; exit 1; }
TIMES+=("$(printf '%-34s %6.1f s' "launcher ready" "$(echo "$(now) - $t0" | bc)")")

DEPLOY=(deploy --app "$ASSEMBLY" --exclusively --require-approval never --progress events
        --outputs-file "$WORK/outputs.json")
[ "$METHOD" = direct ] && DEPLOY+=(--method direct)
for round in 1 2; do
  step "r$round bootstrap" '' "$CDK" bootstrap "aws://123456789012/$REGION"
  step "r$round deploy $VPC_STACK" '' "$CDK" "${DEPLOY[@]}" "$VPC_STACK"
  step "r$round deploy $TABLE_STACK" '' "$CDK" "${DEPLOY[@]}" "$TABLE_STACK"
  step "r$round deploy $CONTAINER_STACK" '' "$CDK" "${DEPLOY[@]}" "$CONTAINER_STACK"
  for stack in "$VPC_STACK" "$TABLE_STACK" "$CONTAINER_STACK"; do
    step "r$round redeploy $stack" 'no changes' "$CDK" "${DEPLOY[@]}" "$stack"
  done
  step "r$round verify deployed" '' "$PYTHON" "$WORK/verify.py" deployed "$WORK/state.json"
  step "r$round destroy $CONTAINER_STACK" '' "$CDK" destroy --app "$ASSEMBLY" "$CONTAINER_STACK" --force
  step "r$round destroy $TABLE_STACK" '' "$CDK" destroy --app "$ASSEMBLY" "$TABLE_STACK" --force
  step "r$round destroy $VPC_STACK" '' "$CDK" destroy --app "$ASSEMBLY" "$VPC_STACK" --force
  step "r$round verify destroyed" '' "$PYTHON" "$WORK/verify.py" destroyed "$WORK/state.json"
done

t0=$(now)
kill -TERM $SERVER_PID
for _ in $(seq 1 50); do kill -0 $SERVER_PID 2>/dev/null || break; sleep 0.1; done
if kill -0 $SERVER_PID 2>/dev/null; then echo "FAIL: launcher ignores SIGTERM" >&2; exit 1; fi
rc=0; wait $SERVER_PID || rc=$?
[ $rc -eq 0 ] || { echo "FAIL: launcher exit code $rc after SIGTERM" >&2; exit 1; }
TIMES+=("$(printf '%-34s %6.1f s' "launcher stop (SIGTERM)" "$(echo "$(now) - $t0" | bc)")")
SERVER_PID=

echo; echo "timings (method $METHOD):"; printf '  %s\n' "${TIMES[@]}"
echo "PASS"
