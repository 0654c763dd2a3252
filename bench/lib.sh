# Shared by the bench/*.sh scripts (sourced, not run). Benchmarks print figures; nothing here asserts a time.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-5}
VERSION=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -1)
CDK_VERSION=2.1148.1
WORK=${WORK:-$ROOT/target/bench}
BENCH_REPO=$WORK/m2
USER_REPO=${USER_REPO:-$HOME/.m2/repository}
export CDK_DISABLE_CLI_TELEMETRY=true JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 \
       AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
mkdir -p "$WORK"

# Maven with the plugin of this checkout: a local repository of its own (so the user's ~/.m2 keeps whatever
# goaws snapshot it has) that falls back to the user's repository, then Central.
SETTINGS=$WORK/settings.xml
cat >"$SETTINGS" <<XML
<settings><profiles><profile><id>user-repo</id><activation><activeByDefault>true</activeByDefault></activation>
<repositories><repository><id>user-repo</id><url>file://$USER_REPO</url></repository></repositories>
<pluginRepositories><pluginRepository><id>user-repo</id><url>file://$USER_REPO</url></pluginRepository></pluginRepositories>
</profile></profiles></settings>
XML
bmvn() { mvn -B -s "$SETTINGS" -Dmaven.repo.local="$BENCH_REPO" "$@"; }

# NO_INSTALL=1 reuses the plugin installed by an earlier run (saves a minute when only the app changed).
install_plugin() {
  [ -n "${NO_INSTALL:-}" ] && [ -d "$BENCH_REPO/dev/goaws/goaws-maven-plugin/$VERSION" ] && return 0
  echo "== installing goaws-maven-plugin $VERSION from $ROOT into $BENCH_REPO"
  (cd "$ROOT" && bmvn -q install -pl goaws-maven-plugin -am -DskipTests -Dinvoker.skip=true -DskipITs)
}

# The pinned cdk CLI, where the plugin installs it (npm-installed here when missing).
cdk_cli() {
  local dir=$USER_REPO/dev/goaws/cdk-cli/$CDK_VERSION
  if [ ! -x "$dir/node_modules/.bin/cdk" ]; then
    mkdir -p "$dir" && npm install --prefix "$dir" --no-audit --no-fund "aws-cdk@$CDK_VERSION" >/dev/null
  fi
  echo "$dir/node_modules/.bin/cdk"
}

# A user's project that uses the plugin for the three stacks (like src/it/synth-architecture).
goaws_project() {
  local dir=$1; mkdir -p "$dir"
  cat >"$dir/pom.xml" <<XML
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>with-goaws</artifactId><version>1.0</version><packaging>pom</packaging>
  <build><plugins><plugin>
    <groupId>dev.goaws</groupId><artifactId>goaws-maven-plugin</artifactId><version>$VERSION</version>
    <configuration><image>public.ecr.aws/docker/library/amazoncorretto:17</image><cdkFromPath>false</cdkFromPath></configuration>
  </plugin></plugins></build>
</project>
XML
}

# time_ms CMD...: runs CMD (output to $LOG), prints its wall time in ms; a failing CMD aborts the benchmark.
time_ms() {
  local start end
  start=$(date +%s%N)
  if ! "$@" >>"$LOG" 2>&1; then echo "failed: $* (log: $LOG)" >&2; tail -30 "$LOG" >&2; exit 1; fi
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

# summary NAME BASELINE_NAME FILE: FILE has lines "<name> <ms>"; prints median/min/max per name and the ratio.
summary() {
  python3 - "$@" <<'PY'
import statistics, sys
candidate, baseline, path = sys.argv[1:4]
runs = {}
for line in open(path):
    name, ms = line.rsplit(" ", 1)
    runs.setdefault(name, []).append(int(ms))
for name, ms in runs.items():
    print(f"{name:<48} median {statistics.median(ms)/1000:7.2f} s   min {min(ms)/1000:6.2f}   max {max(ms)/1000:6.2f}   n={len(ms)}")
c, b = statistics.median(runs[candidate]), statistics.median(runs[baseline])
print(f"ratio {candidate} / {baseline}: {c/b:.2f}  (difference {(c-b)/1000:+.2f} s)")
PY
}

# The standard CDK-for-Java workflow for the very same stacks: a CDK app project (cdk.json with
# "mvn -e -q compile exec:java", the same feature flags) whose main() builds the stacks with goaws's code as a
# library, cdk-nag included, and the cdk CLI that runs it.
standard_project() {
  local dir=$1; mkdir -p "$dir/src/main/java/bench"
  cat >"$dir/pom.xml" <<XML
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>standard-cdk-app</artifactId><version>1.0</version>
  <properties><maven.compiler.release>17</maven.compiler.release><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
  <dependencies><dependency><groupId>dev.goaws</groupId><artifactId>goaws-maven-plugin</artifactId><version>$VERSION</version></dependency></dependencies>
  <build><plugins><plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
    <plugin><groupId>org.codehaus.mojo</groupId><artifactId>exec-maven-plugin</artifactId><version>3.5.0</version>
    <configuration><mainClass>bench.StandardApp</mainClass></configuration></plugin></plugins></build>
</project>
XML
  cat >"$dir/src/main/java/bench/StandardApp.java" <<'JAVA'
package bench;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ImageSource;
import dev.goaws.core.stacks.GoawsArchitecture;
import dev.goaws.core.synth.NagCheck;
import software.amazon.awscdk.App;

public final class StandardApp {
    public static void main(String[] args) {
        App app = new App();
        GoawsArchitecture.addTo(app, GoawsSettings.builder()
                .image(new ImageSource.Registry("public.ecr.aws/docker/library/amazoncorretto:17")).build());
        NagCheck.attachTo(app);
        app.synth();
    }
}
JAVA
  cdk_json "$dir"
}

# Both projects resolve through the bench repository, also when the cdk CLI starts Maven.
maven_config() {
  mkdir -p "$1/.mvn"
  printf -- '-s\n%s\n-Dmaven.repo.local=%s\n' "$SETTINGS" "$BENCH_REPO" >"$1/.mvn/maven.config"
}

# The plain standard CDK-for-Java app of the seed's three stacks, as a CDK user would write it without goaws:
# a VPC (2 AZs, 1 NAT gateway) publishing its id and subnets to SSM, a table with partition key itemID publishing
# its name, an ALB-fronted Fargate service (256/512, health check 200,401) importing both through SSM, allowed to
# read the table. No cdk-nag, no hardening; the same aws-cdk-lib, feature flags and cdk CLI.
plain_project() {
  local dir=$1; mkdir -p "$dir/src/main/java/bench"
  cat >"$dir/pom.xml" <<XML
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>plain-cdk-app</artifactId><version>1.0</version>
  <properties><maven.compiler.release>17</maven.compiler.release><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
  <dependencies><dependency><groupId>software.amazon.awscdk</groupId><artifactId>aws-cdk-lib</artifactId>
    <version>$(sed -n 's:.*<aws-cdk-lib.version>\(.*\)</aws-cdk-lib.version>.*:\1:p' "$ROOT/pom.xml")</version></dependency></dependencies>
  <build><plugins><plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
    <plugin><groupId>org.codehaus.mojo</groupId><artifactId>exec-maven-plugin</artifactId><version>3.5.0</version>
    <configuration><mainClass>bench.PlainApp</mainClass></configuration></plugin></plugins></build>
</project>
XML
  cat >"$dir/src/main/java/bench/PlainApp.java" <<'JAVA'
package bench;

import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedFargateService;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedTaskImageOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.ssm.StringParameter;

public final class PlainApp {
    public static void main(String[] args) {
        App app = new App();
        Stack vpcStack = new Stack(app, "vpc");
        Vpc vpc = Vpc.Builder.create(vpcStack, "vpc").maxAzs(2).natGateways(1).build();
        param(vpcStack, "/go-on-aws/vpc", vpc.getVpcId());
        param(vpcStack, "/go-on-aws/vpc/azs", String.join(",", vpc.getAvailabilityZones()));
        param(vpcStack, "/go-on-aws/vpc/public", Fn.join(",", vpc.getPublicSubnets().stream().map(s -> s.getSubnetId()).toList()));
        param(vpcStack, "/go-on-aws/vpc/private", Fn.join(",", vpc.getPrivateSubnets().stream().map(s -> s.getSubnetId()).toList()));

        Stack tableStack = new Stack(app, "table");
        Table table = Table.Builder.create(tableStack, "table")
                .partitionKey(Attribute.builder().name("itemID").type(AttributeType.STRING).build()).build();
        param(tableStack, "/go-on-aws/table", table.getTableName());

        Stack container = new Stack(app, "container");
        IVpc imported = Vpc.fromVpcAttributes(container, "vpc", VpcAttributes.builder()
                .vpcId(StringParameter.valueForStringParameter(container, "/go-on-aws/vpc"))
                .availabilityZones(split(container, "/go-on-aws/vpc/azs"))
                .publicSubnetIds(split(container, "/go-on-aws/vpc/public"))
                .privateSubnetIds(split(container, "/go-on-aws/vpc/private")).build());
        ApplicationLoadBalancedFargateService service = ApplicationLoadBalancedFargateService.Builder.create(container, "service")
                .cluster(Cluster.Builder.create(container, "cluster").vpc(imported).build())
                .cpu(256).memoryLimitMiB(512).desiredCount(1).publicLoadBalancer(true)
                .taskImageOptions(ApplicationLoadBalancedTaskImageOptions.builder()
                        .image(ContainerImage.fromRegistry("public.ecr.aws/docker/library/amazoncorretto:17"))
                        .containerPort(8080).build())
                .build();
        service.getTargetGroup().configureHealthCheck(HealthCheck.builder().healthyHttpCodes("200,401").build());
        Table.fromTableName(container, "table", StringParameter.valueForStringParameter(container, "/go-on-aws/table"))
                .grantReadData(service.getTaskDefinition().getTaskRole());
        app.synth();
    }

    private static void param(Stack stack, String name, String value) {
        StringParameter.Builder.create(stack, name).parameterName(name).stringValue(value).build();
    }

    private static List<String> split(Stack stack, String name) {
        return Fn.split(",", StringParameter.valueForStringParameter(stack, name), 2);
    }
}
JAVA
  cdk_json "$dir"
}

# cdk.json of a standard project: its app command and the feature flags goaws synthesizes with.
cdk_json() {
  python3 - "$ROOT/goaws-maven-plugin/src/main/resources/dev/goaws/core/recommended-feature-flags.json" "$1/cdk.json" <<'PY'
import json, sys
flags = json.load(open(sys.argv[1]))
json.dump({"app": "mvn -e -q compile exec:java", "context": flags}, open(sys.argv[2], "w"), indent=2)
PY
}

# timed NAME CMD...: runs CMD (output to $LOG) under bench/cpu.py and appends "name=NAME wall_ms=.. cpu_ms=..
# java_ms=.. node_ms=.." to $RESULTS; a failing CMD aborts the benchmark.
timed() {
  local name=$1; shift
  if ! "$ROOT/bench/cpu.py" "$WORK/cpu.tmp" "$@" >>"$LOG" 2>&1; then
    echo "failed: $* (log: $LOG)" >&2; tail -30 "$LOG" >&2; exit 1
  fi
  echo "name=$name $(tail -1 "$WORK/cpu.tmp")" >>"$RESULTS"; rm -f "$WORK/cpu.tmp"
}

# cpu_summary RESULTS BASELINE...: median (min-max) wall and CPU (java / node) per name, ratios to each baseline.
cpu_summary() {
  python3 - "$@" <<'PY'
import statistics, sys
path, baselines = sys.argv[1], sys.argv[2:]
runs = {}
for line in open(path):
    name, _, figures = line.partition(" wall_ms=")  # a name may hold spaces
    x = {k: int(v) for k, v in (kv.split("=", 1) for kv in ("wall_ms=" + figures).split())}
    x["cpu_ms"] = max(x["cpu_ms"], x["java_ms"] + x["node_ms"] + x["other_ms"])  # see bench/cpu.py
    runs.setdefault(name[len("name="):], []).append(x)
med = lambda name, key: statistics.median(x[key] for x in runs[name]) / 1000
rng = lambda name, key: f"{min(x[key] for x in runs[name]) / 1000:.1f}–{max(x[key] for x in runs[name]) / 1000:.1f}"
width = max(len(n) for n in runs)
print(f"{'':<{width}}  {'wall s (min–max)':<20} {'CPU s (min–max)':<20} {'JVM CPU s':<10} {'node CPU s':<10} n")
for name in runs:
    print(f"{name:<{width}}  {med(name, 'wall_ms'):5.2f} ({rng(name, 'wall_ms')}){'':<5} {med(name, 'cpu_ms'):5.2f} ({rng(name, 'cpu_ms')}){'':<5}"
          f" {med(name, 'java_ms'):5.2f}      {med(name, 'node_ms'):5.2f}      {len(runs[name])}")
for base in baselines:
    for name in runs:
        if name != base:
            print(f"ratio {name} / {base}: wall {med(name, 'wall_ms') / med(base, 'wall_ms'):.2f}, CPU {med(name, 'cpu_ms') / med(base, 'cpu_ms'):.2f}")
PY
}
