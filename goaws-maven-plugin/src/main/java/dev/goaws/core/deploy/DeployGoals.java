package dev.goaws.core.deploy;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ImageSource;
import dev.goaws.core.Reporter;
import dev.goaws.core.StackKind;
import dev.goaws.core.image.ImagePublisher;
import dev.goaws.core.synth.Assemblies;
import dev.goaws.core.synth.Assembly;
import java.nio.file.Path;
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

        public Path assemblyDirectory() {
            return outputDirectory.resolve("cdk.out");
        }

        Path outputsFile() {
            return outputDirectory.resolve("outputs.json");
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
        AwsTarget.AwsSession aws = connect(request);
        // Prerequisite stacks first: a missing VPC is reported in seconds, before synthesis and the CLI.
        new StackReader(settings, aws).requirePrerequisites(stacks);
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

    /** Each stack: deployed or not, status, last update, outputs and published parameters; reads only. */
    public static List<StackStatus> status(Request request) throws DeployException {
        AwsTarget.AwsSession aws = connect(request);
        List<StackStatus> stacks = new StackReader(request.settings(), aws).status();
        Reporter out = request.reporter();
        for (StackStatus stack : stacks) {
            if (!stack.deployed()) {
                out.info(stack.stackName() + ": not deployed");
            } else {
                out.info(stack.stackName() + ": " + stack.status() + " (last update " + stack.lastUpdated() + ")");
                stack.outputs().forEach((k, v) -> out.info("  output    " + k + " = " + v));
            }
            stack.parameters().forEach((k, v) -> out.info("  parameter " + k + " = " + v));
        }
        return stacks;
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
