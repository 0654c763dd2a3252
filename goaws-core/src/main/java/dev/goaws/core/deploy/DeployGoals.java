package dev.goaws.core.deploy;

import dev.goaws.core.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import dev.goaws.core.GoawsException;
import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ImageSource;
import dev.goaws.core.Reporter;
import dev.goaws.core.StackKind;
import dev.goaws.core.cost.CostComparison;
import dev.goaws.core.cost.CostEstimate;
import dev.goaws.core.cost.CostEstimator;
import dev.goaws.core.image.ImagePublisher;
import dev.goaws.core.synth.Assemblies;
import dev.goaws.core.synth.Assembly;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The goals that drive the cdk CLI, one entry point each: a goal builds a {@link Request} and calls one method.
 * Each checks what it can before it calls AWS (settings), then what AWS answers in seconds (credentials,
 * region, account, prerequisite stacks, bootstrap) before the CLI starts.
 */
public final class DeployGoals {

    /**
     * What every such goal needs.
     *
     * @param settings        the architecture
     * @param target          where to deploy; nothing is called until the goal runs
     * @param cli             how to find and run the cdk CLI
     * @param outputDirectory {@code goaws.outputDirectory}: the assembly ({@code cdk.out}) and {@code outputs.json}
     * @param assemblies      where synthesized assemblies come from (once per Maven session, or up to date on disk)
     */
    public record Request(GoawsSettings settings, AwsTarget target, CliSettings cli, Path outputDirectory,
            Assemblies assemblies, Reporter reporter) {

        public Workspace workspace() {
            return new Workspace(outputDirectory);
        }

        public Path assemblyDirectory() {
            return workspace().assembly();
        }

        Path outputsFile() {
            return workspace().outputsFile();
        }
    }

    private DeployGoals() {
    }

    /**
     * Deploys {@code stacks} in dependency order. For the container stack, {@code image} (the build-app directory
     * and how to turn it into an image) is published first: a Docker image asset when a daemon answers, else an
     * image Jib pushes now, pinned by digest.
     *
     * @return the outputs of each deployed stack, by stack name
     */
    public static Map<String, Map<String, String>> deploy(Request request, List<StackKind> stacks,
            ImagePublisher.Request image) throws DeployException {
        GoawsSettings settings = request.settings();
        if (stacks.contains(StackKind.CONTAINER) && settings.image() == null) {
            throw new DeployException("The container stack needs an image: set -Dgoaws.image=<image reference>"
                    + " (e.g. <registry>/<repository>@sha256:<digest>) or run 'mvn goaws:build-app' first.");
        }
        request.cli().check(request.target());
        if (stacks.contains(StackKind.CONTAINER)) {
            plainHttpWarning(settings, request.target()).ifPresent(request.reporter()::warn);
        }
        AwsTarget.AwsSession aws = connect(request);
        // Prerequisite stacks first: a missing VPC is reported in seconds, before synthesis and the CLI.
        new StackReader(settings, aws).requirePrerequisites(stacks);
        if (stacks.contains(StackKind.CONTAINER)) {
            // The tasks could not start without them; ECS also needs each Secrets Manager secret's complete ARN.
            settings = ServiceSecrets.requireExisting(settings, aws,
                    ServiceSecrets.command(settings, request.target(), false));
        }
        if (stacks.contains(StackKind.CONTAINER) && settings.image() instanceof ImageSource.Directory) {
            ImageSource published = ImagePublisher.publish(image, aws::ecr, request.reporter()::info);
            request.reporter().info("Container image: " + (published instanceof ImageSource.Registry r
                    ? r.reference() : "Docker image asset built by the cdk CLI from " + image.distDirectory()));
            settings = settings.toBuilder().image(published).build();
        }
        Assembly assembly = request.assemblies().get(settings, request.assemblyDirectory());
        return open(request, settings, assembly, aws).deploy(stacks);
    }

    /**
     * The warning a deploy of the container stack to AWS gets when its load balancer serves plain HTTP (no
     * {@code goaws.certificateArn}): every request then carries the Basic-auth login readable on the way. None
     * against an emulator endpoint, whose traffic stays on this machine.
     */
    static Optional<String> plainHttpWarning(GoawsSettings settings, AwsTarget target) {
        if (settings.loadBalancer().https() || target.emulated()) {
            return Optional.empty();
        }
        return Optional.of(settings.stackName(StackKind.CONTAINER) + "'s load balancer serves plain HTTP on port 80:"
                + " the app's Basic-auth login crosses the internet readable with every request. Set"
                + " goaws.certificateArn to an ACM certificate for HTTPS (port 80 then only redirects to 443).");
    }

    /**
     * Destroys {@code stacks}, container first. {@code cdk destroy} needs only the stacks' names from the
     * assembly: without an image the container stack is synthesized with a placeholder image into a directory of
     * its own, so that template can never be deployed.
     */
    public static void destroy(Request request, List<StackKind> stacks) throws DeployException {
        GoawsSettings settings = request.settings();
        request.cli().check(request.target());
        AwsTarget.AwsSession aws = connect(request);
        Assembly assembly = settings.image() != null || !stacks.contains(StackKind.CONTAINER)
                ? request.assemblies().get(settings, request.assemblyDirectory())
                : request.assemblies().get(settings.toBuilder()
                        .image(new ImageSource.Registry("goaws.invalid/destroy-only:placeholder")).build(),
                        request.outputDirectory().resolve("destroy.out"));
        open(request, settings, assembly, aws).destroy(stacks);
    }

    /** {@code cdk bootstrap} of the target environment. */
    public static void bootstrap(Request request) throws DeployException {
        request.cli().check(request.target());
        AwsTarget.AwsSession aws = connect(request);
        Assembly assembly = request.assemblies().get(request.settings(), request.assemblyDirectory());
        open(request, request.settings(), assembly, aws).bootstrap();
    }

    /**
     * Each stack: deployed or not, status, last update, outputs and published parameters; then the monthly cost
     * estimate of the configured architecture in the target's region. Changes nothing in AWS; the estimate reads
     * the synthesized templates (synthesized now unless the assembly on disk is up to date).
     */
    public static List<StackStatus> status(Request request) throws DeployException {
        AwsTarget.AwsSession aws = connect(request);
        StackReader reader = new StackReader(request.settings(), aws);
        List<StackStatus> stacks = reader.status();
        Reporter out = request.reporter();
        for (StackStatus stack : stacks) {
            if (!stack.deployed()) {
                out.info(stack.stackName() + ": not deployed");
            } else {
                out.info(stack.stackName() + ": " + stack.status() + " (last update " + stack.lastUpdated() + ")");
                stack.outputs().forEach((k, v) -> out.info("  output    " + k + " = " + v));
                if (stack.kind() == StackKind.CONTAINER) {
                    ServiceStatus.describe(aws, stack.stackName(), out);
                }
            }
            stack.parameters().forEach((k, v) -> out.info("  parameter " + k + " = " + v));
        }
        GoawsSettings configured = describeService(request, aws);
        String tableStack = request.settings().stackName(StackKind.TABLE);
        String deployedTableStack = reader.describe(tableStack)
                .map(software.amazon.awssdk.services.cloudformation.model.Stack::stackId).orElse(null);
        for (RetainedTables.Table table : new RetainedTables(aws).of(tableStack, deployedTableStack)) {
            out.warn("Retained DynamoDB table " + table.name() + " (and its data) of a destroyed " + tableStack
                    + ": delete it with mvn goaws:destroy -Dgoaws.stacks=table -Dgoaws.destroyData=true");
        }
        estimateCost(request, configured, reader, stacks, aws.region().id());
        return stacks;
    }

    /**
     * The project's own service configuration: its variables' and secrets' names (never a value), whether each
     * secret exists in the account and when it last changed, and the task role's extra policies. Returns the
     * settings with the secrets' complete ARNs, as a deploy synthesizes them (the estimate then reuses its assembly).
     */
    private static GoawsSettings describeService(Request request, AwsTarget.AwsSession aws) {
        GoawsSettings settings = request.settings();
        dev.goaws.core.ServiceConfiguration service = settings.app();
        if (service.isEmpty()) {
            return settings;
        }
        Reporter out = request.reporter();
        out.info("Service configuration of " + settings.stackName(StackKind.CONTAINER) + ":");
        if (!service.environment().isEmpty()) {
            out.info("  environment     " + String.join(", ", service.environment().keySet()));
        }
        List<ServiceSecrets.State> states = List.of();
        try {
            states = ServiceSecrets.states(settings, aws);
        } catch (GoawsException e) {
            out.warn("  secrets " + String.join(", ", service.secrets().keySet()) + ": " + e.getMessage());
        }
        for (ServiceSecrets.State state : states) {
            out.info("  secret          " + ServiceSecrets.describe(state));
            if (!state.exists()) {
                out.warn("  " + state.variable() + " is missing: a deploy of the container stack refuses to start."
                        + " Set it with " + ServiceSecrets.command(settings, request.target(), false)
                        + " -Dgoaws.secretName=" + state.variable());
            }
        }
        if (service.secretsKmsKey() != null) {
            out.info("  secrets key     " + service.secretsKmsKey() + " (kms:Decrypt for the execution role)");
        }
        if (service.taskPolicy() != null) {
            out.info("  task policy     " + service.taskPolicy().source() + " (" + service.taskPolicy().statementCount()
                    + " statement(s) for the task role)");
        }
        service.managedPolicies().forEach(arn -> out.info("  managed policy  " + arn));
        return ServiceSecrets.withCompleteArns(settings, states);
    }

    /**
     * The estimate of the configured stacks, and what deploying them would change against the deployed ones. The
     * estimate is an addition to the status: when synthesis is not possible here (no Node.js, a nag finding), the
     * status still stands and the reason is printed instead.
     */
    private static void estimateCost(Request request, GoawsSettings settings, StackReader reader,
            List<StackStatus> stacks, String region) {
        Reporter out = request.reporter();
        try {
            Assembly assembly = request.assemblies().get(settings, request.assemblyDirectory());
            CostEstimate configured = CostEstimator.idle().estimate(assembly, region);
            configured.describe().forEach(out::info);
            if (settings.image() == null) {
                out.info("  The container stack is not included: it needs an image (goaws.image, or goaws:build-app"
                        + " first).");
            }
            List<String> deployed = stacks.stream().filter(StackStatus::deployed).map(StackStatus::stackName).toList();
            if (configured.priced() && !deployed.isEmpty()) {
                compareCost(reader, assembly, assembly.stackNames(), region, "deployed -> configured")
                        .forEach(out::info);
            }
        } catch (GoawsException e) {
            out.warn("No cost estimate: " + e.getMessage());
        }
    }

    /**
     * The monthly estimate before and after a deploy of {@code changing}: before, every stack of the assembly as
     * deployed (a stack that is not deployed costs nothing); after, the stacks of {@code changing} as configured,
     * the others as they stay.
     */
    private static List<String> compareCost(StackReader reader, Assembly assembly, java.util.Collection<String> changing,
            String region, String sides) {
        Map<String, JsonNode> before = new LinkedHashMap<>();
        Map<String, JsonNode> after = new LinkedHashMap<>();
        for (String stack : assembly.stackNames().stream().sorted().toList()) {
            Optional<JsonNode> deployed = reader.deployedTemplate(stack);
            deployed.ifPresent(t -> before.put(stack, t));
            if (changing.contains(stack)) {
                after.put(stack, readTemplate(assembly, stack));
            } else {
                deployed.ifPresent(t -> after.put(stack, t));
            }
        }
        CostEstimator estimator = CostEstimator.idle();
        return new CostComparison(estimator.estimate(before, region), estimator.estimate(after, region))
                .describe(sides);
    }

    private static JsonNode readTemplate(Assembly assembly, String stack) {
        try {
            return new ObjectMapper().readTree(assembly.template(stack).toFile());
        } catch (IOException e) {
            throw new DeployException("Cannot read the synthesized template of " + stack + ": " + e.getMessage(), e);
        }
    }

    /**
     * What a deploy of {@code stacks} would change: the cdk CLI's diff of the synthesized assembly against the
     * deployed stacks, one summary line per stack (IAM and security-group widenings called out), and the monthly
     * cost before and after. Changes nothing in AWS. The container stack is diffed only when an image is configured
     * (an image directory diffs as a Docker image asset).
     *
     * @param failOnChanges {@code goaws.failOnChanges}: fail when any stack would change (a review or drift gate)
     */
    public static List<StackDiff> diff(Request request, List<StackKind> stacks, boolean failOnChanges)
            throws DeployException {
        GoawsSettings settings = request.settings();
        request.cli().check(request.target());
        AwsTarget.AwsSession aws = connect(request);
        if (stacks.contains(StackKind.CONTAINER) && !settings.app().secrets().isEmpty()) {
            // What a deploy would deploy: the secrets' complete ARNs, as far as they exist.
            settings = ServiceSecrets.withCompleteArns(settings, ServiceSecrets.states(settings, aws));
        }
        GoawsSettings diffedSettings = settings;
        Assembly assembly = request.assemblies().get(settings, request.assemblyDirectory());
        Reporter out = request.reporter();
        List<StackKind> diffed = stacks.stream().distinct().sorted()
                .filter(k -> assembly.contains(diffedSettings.stackName(k))).toList();
        if (stacks.contains(StackKind.CONTAINER) && !diffed.contains(StackKind.CONTAINER)) {
            out.warn("The container stack is not diffed: it needs an image (goaws.image, or goaws:build-app first).");
        }
        if (diffed.isEmpty()) {
            throw new DeployException("Nothing to diff: the container stack needs an image. Set -Dgoaws.image=<image"
                    + " reference> or run 'mvn goaws:build-app' first, or name other stacks in goaws.stacks.");
        }
        List<StackDiff> diffs = open(request, settings, assembly, aws).diff(diffed);
        out.info("Summary of what a deploy would change in " + aws.environment() + ":");
        diffs.forEach(d -> {
            if (d.widens()) {
                out.warn("  " + d.summary());
            } else {
                out.info("  " + d.summary());
            }
        });
        StackReader reader = new StackReader(settings, aws);
        compareCost(reader, assembly, diffed.stream().map(settings::stackName).toList(), aws.region().id(),
                "deployed -> after deploy").forEach(out::info);
        List<String> changed = diffs.stream().filter(StackDiff::changed).map(StackDiff::stack).toList();
        if (failOnChanges && !changed.isEmpty()) {
            throw new DeployException("goaws.failOnChanges=true and a deploy would change " + String.join(", ", changed)
                    + " (the diff and summary above). Deploy the change, or bring the configuration back in line"
                    + " with what is deployed.");
        }
        return diffs;
    }

    /** Proves the target reachable (credentials, region, account) and says where it deploys. */
    public static AwsTarget.AwsSession connect(Request request) throws DeployException {
        AwsTarget target = request.target();
        request.reporter().info("Connecting to AWS" + (target.emulated() ? " at " + target.endpoint() : ""));
        AwsTarget.AwsSession session = target.connect();
        request.reporter().info("Account " + session.account() + ", region " + session.region().id());
        return session;
    }

    private static Deployment open(Request request, GoawsSettings settings, Assembly assembly,
            AwsTarget.AwsSession aws) throws DeployException {
        return Deployment.open(settings, assembly, aws, request.cli(), request.outputsFile(), request.reporter());
    }
}
