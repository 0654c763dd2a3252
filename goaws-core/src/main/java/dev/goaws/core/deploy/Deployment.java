package dev.goaws.core.deploy;

import dev.goaws.core.Reporter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.goaws.core.GoawsSettings;
import dev.goaws.core.StackKind;
import dev.goaws.core.process.ProcessRunner;
import dev.goaws.core.stacks.ContainerStack;
import dev.goaws.core.synth.Assembly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Deploys, destroys and reports the stacks of one synthesized assembly in one AWS target, driving the real
 * cdk CLI. Every precondition that AWS can answer quickly (bootstrap, prerequisite stacks) is checked before
 * the CLI starts, so a mistake costs seconds and changes nothing.
 */
public final class Deployment {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** CloudFormation can take a while (NAT gateways, ALB, ECS stabilisation); the CLI waits for it. */
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(90);
    private static final int ERROR_LINES = 15;

    /** How the CLI deploys. */
    public enum Method {
        /** CloudFormation change sets: the CLI's default, reviewable, what AWS itself should get. */
        CHANGE_SET("change-set"),
        /** Direct create/update: what emulators such as moto handle reliably. */
        DIRECT("direct");

        private final String cli;

        Method(String cli) {
            this.cli = cli;
        }

        public String cli() {
            return cli;
        }
    }

    /** Choices that are not part of the architecture itself. */
    public record Options(boolean bootstrap, String requireApproval, Method method, Path outputsFile,
            boolean hotswap) {
    }

    private final GoawsSettings settings;
    private final Assembly assembly;
    private final AwsTarget.AwsSession aws;
    private final CdkCli cli;
    private final Options options;
    private final Reporter reporter;
    private final StackReader reader;

    /**
     * Validates the CLI settings, finds or installs a cdk CLI that can read {@code assembly}, and returns the
     * deployment of it into {@code aws}.
     */
    public static Deployment open(GoawsSettings settings, Assembly assembly, AwsTarget.AwsSession aws,
            CliSettings cli, Path outputsFile, Reporter reporter) throws DeployException {
        Options options = new Options(cli.bootstrap(), cli.approval(), cli.method(aws.target()), outputsFile,
                cli.hotswap());
        CdkCli cdk = CdkCli.provide(new CdkCli.Provisioning(cli.executable(), cli.pinned(), cli.cache(),
                cli.offline(), cli.fromPath(), aws.cliEnvironment()), assembly.minimumCliVersion() == null ? null
                : CliVersion.parse(assembly.minimumCliVersion()), reporter);
        reporter.info("cdk CLI " + cdk.version() + " (" + cdk.executable() + ")");
        return new Deployment(settings, assembly, aws, cdk, options, reporter);
    }

    Deployment(GoawsSettings settings, Assembly assembly, AwsTarget.AwsSession aws, CdkCli cli,
            Options options, Reporter reporter) {
        this.settings = settings;
        this.assembly = assembly;
        this.aws = aws;
        this.cli = cli;
        this.options = options;
        this.reporter = reporter;
        this.reader = new StackReader(settings, aws);
    }

    /** Deploys {@code kinds} in dependency order: vpc and table side by side, then the container stack. */
    public Map<String, Map<String, String>> deploy(List<StackKind> kinds) throws DeployException {
        for (StackKind kind : kinds) {
            if (!assembly.contains(settings.stackName(kind))) {
                throw new DeployException("The " + kind.id() + " stack is not in the synthesized assembly"
                        + (kind == StackKind.CONTAINER ? ": it needs an image. Set -Dgoaws.image=<image reference>"
                        + " or run 'mvn goaws:build-app' first." : "."));
            }
        }
        requireBootstrap();
        Map<String, Map<String, String>> outputs = new LinkedHashMap<>();
        List<StackKind> foundation = kinds.stream().filter(k -> k != StackKind.CONTAINER).toList();
        if (!foundation.isEmpty()) {
            outputs.putAll(cdkDeploy(foundation));
        }
        if (kinds.contains(StackKind.CONTAINER)) {
            reader.requirePrerequisites(List.of(StackKind.CONTAINER));
            outputs.putAll(cdkDeploy(List.of(StackKind.CONTAINER)));
        }
        return outputs;
    }

    private Map<String, Map<String, String>> cdkDeploy(List<StackKind> kinds) throws DeployException {
        List<String> names = kinds.stream().map(settings::stackName).toList();
        Path stackOutputs;
        try {
            Files.createDirectories(options.outputsFile().toAbsolutePath().getParent());
            stackOutputs = Files.createTempFile(options.outputsFile().toAbsolutePath().getParent(), "outputs-",
                    ".json");
        } catch (IOException e) {
            throw new DeployException("Cannot write deploy outputs next to " + options.outputsFile() + ": "
                    + e.getMessage(), e);
        }
        List<String> args = new ArrayList<>(List.of("deploy", "--app", assembly.directory().toString()));
        args.addAll(names);
        args.addAll(List.of("--exclusively", "--require-approval", options.requireApproval(),
                "--outputs-file", stackOutputs.toString(), "--progress", "events",
                "--method", options.method().cli(), "--concurrency", Integer.toString(names.size()),
                "--no-notices"));
        if (options.hotswap() && kinds.contains(StackKind.CONTAINER)) {
            // Only the service: the vpc and table stacks hold nothing to hotswap, and data stays CloudFormation's.
            args.add("--hotswap-fallback");
            reporter.warn("goaws.hotswap: the CLI updates the ECS service directly where it can (a new task definition"
                    + " revision, then UpdateService) and falls back to CloudFormation for any other change. The"
                    + " stack's template in CloudFormation is then behind (drift) until a deploy without hotswap:"
                    + " for development, never for production.");
        }
        reporter.info("cdk deploy " + String.join(" ", names) + " (" + options.method().cli()
                + (options.hotswap() && kinds.contains(StackKind.CONTAINER) ? ", hotswap" : "") + ") to "
                + aws.environment());
        runCli(args, "deploy " + String.join(", ", names));
        try {
            Map<String, Map<String, String>> outputs = readOutputs(stackOutputs);
            mergeOutputs(outputs);
            // The CLI has printed the outputs as they came; they are also in the outputs file.
            String url = outputs.getOrDefault(settings.stackName(StackKind.CONTAINER), Map.of())
                    .get(ContainerStack.OUTPUT_SERVICE_URL);
            if (url != null) {
                reporter.info("Service URL: " + url + "  (login: user '" + settings.service().appUsername()
                        + "', password in the secret " + outputs.get(settings.stackName(StackKind.CONTAINER))
                        .get(ContainerStack.OUTPUT_CREDENTIALS_SECRET) + ")");
            }
            return outputs;
        } catch (IOException e) {
            throw new DeployException("The deploy succeeded, but its outputs could not be read: " + e.getMessage(),
                    e);
        } finally {
            try {
                Files.deleteIfExists(stackOutputs);
            } catch (IOException ignored) {
                // a temp file; the merged outputs file is what counts
            }
        }
    }

    /**
     * Destroys {@code kinds}, container first, vpc last. A stack that is already gone is skipped. The table
     * and its data survive unless the assembly was synthesized with {@code retainData=false}.
     */
    public void destroy(List<StackKind> kinds) throws DeployException {
        List<StackKind> order = kinds.stream().distinct().sorted(Comparator.reverseOrder()).toList();
        requireNoDependents(order);
        for (StackKind kind : order) {
            String name = settings.stackName(kind);
            if (reader.describe(name).isEmpty()) {
                reporter.info(name + " is not deployed in " + aws.environment() + ": nothing to destroy");
                continue;
            }
            Optional<String> table = kind == StackKind.TABLE ? reader.parameter(settings.tableParameter())
                    : Optional.empty();
            if (kind == StackKind.TABLE && !settings.retainData()) {
                // Flip the table's DeletionPolicy and deletion protection first, or CloudFormation keeps it.
                reporter.warn("goaws.destroyData=true: the table " + table.orElse("") + " and ALL ITS DATA"
                        + " will be deleted");
                cdkDeploy(List.of(StackKind.TABLE));
            }
            reporter.info("cdk destroy " + name + " in " + aws.environment());
            runCli(List.of("destroy", "--app", assembly.directory().toString(), name, "--force", "--no-notices"),
                    "destroy " + name);
            removeOutputs(name);
            if (kind == StackKind.TABLE && settings.retainData()) {
                reporter.warn("Kept the DynamoDB table " + table.orElse("of " + name) + " and its data (retained by"
                        + " default). To delete it too: mvn goaws:destroy -Dgoaws.stacks=table"
                        + " -Dgoaws.destroyData=true (it finds the tables " + name + " left behind).");
            }
        }
        if (order.contains(StackKind.TABLE) && !settings.retainData()) {
            deleteRetainedTables();
        }
    }

    /** Deletes, naming each, the tables earlier destroys of the table stack retained. */
    private void deleteRetainedTables() {
        String name = settings.stackName(StackKind.TABLE);
        RetainedTables tables = new RetainedTables(aws);
        List<RetainedTables.Table> retained = tables.of(name, reader.describe(name)
                .map(software.amazon.awssdk.services.cloudformation.model.Stack::stackId).orElse(null));
        if (retained.isEmpty()) {
            reporter.info("No DynamoDB table retained by an earlier " + name + " in " + aws.environment());
        }
        for (RetainedTables.Table table : retained) {
            reporter.warn("goaws.destroyData=true: deleting the DynamoDB table " + table.name() + " and ALL ITS DATA"
                    + " (retained when " + name + " was destroyed)");
            tables.delete(table);
            reporter.info("Deleted the DynamoDB table " + table.name());
        }
    }

    /**
     * The container stack runs in the VPC and reads the table: with SSM instead of exports CloudFormation does not
     * guard that, so goaws does, before anything is destroyed.
     */
    private void requireNoDependents(List<StackKind> order) throws DeployException {
        boolean foundationGoes = order.contains(StackKind.VPC) || order.contains(StackKind.TABLE);
        String container = settings.stackName(StackKind.CONTAINER);
        if (foundationGoes && !order.contains(StackKind.CONTAINER) && reader.describe(container).isPresent()) {
            List<String> ids = order.stream().map(StackKind::id).toList();
            throw new DeployException(container + " is still deployed and depends on the " + String.join(" and ", ids)
                    + (ids.size() > 1 ? " stacks" : " stack") + ". Destroy it in the same run (-Dgoaws.stacks=container,"
                    + String.join(",", ids) + ") or first. Nothing was destroyed.");
        }
    }

    /**
     * {@code cdk diff} of {@code kinds} against what is deployed (a stack that is not deployed diffs against
     * nothing). The CLI's full diff goes to the log as it comes; the result is read from it, stack by stack.
     * Against an emulator the diff compares templates only: a change set (the CLI's default, which also tells
     * replacements) is what moto mishandles.
     */
    public List<StackDiff> diff(List<StackKind> kinds) throws DeployException {
        List<String> names = kinds.stream().map(settings::stackName).filter(assembly::contains).toList();
        List<String> args = new ArrayList<>(List.of("diff", "--app", assembly.directory().toString()));
        args.addAll(names);
        args.addAll(List.of("--exclusively", "--no-notices"));
        if (options.method() == Method.DIRECT) {
            args.add("--no-change-set");
        }
        reporter.info("cdk diff " + String.join(" ", names) + " against " + aws.environment());
        List<String> lines = new ArrayList<>();
        runCli(args, "diff " + String.join(", ", names), line -> {
            lines.add(line);
            reporter.info(line);
        });
        Map<String, StackDiff> parsed = StackDiff.parse(lines);
        List<StackDiff> result = new ArrayList<>();
        for (String name : names) {
            StackDiff diff = parsed.get(name);
            if (diff == null) {
                throw new DeployException("cdk diff printed no section for " + name + ": cannot tell whether it"
                        + " would change. Its output is above.");
            }
            result.add(diff);
        }
        return result;
    }

    /** Runs {@code cdk bootstrap} for the target environment. */
    public void bootstrap() throws DeployException {
        reporter.info("cdk bootstrap " + aws.environment());
        runCli(List.of("bootstrap", aws.environment(), "--no-notices"), "bootstrap " + aws.environment());
    }

    /** The CDK's bootstrap stack must be there (and new enough) for assets and deploy roles. */
    private void requireBootstrap() throws DeployException {
        String parameter = assembly.bootstrapVersionParameter();
        if (parameter == null) {
            return;
        }
        Optional<String> version = reader.parameter(parameter);
        int required = assembly.requiredBootstrapVersion();
        if (version.isPresent() && Integer.parseInt(version.get().trim()) >= required) {
            return;
        }
        String state = version.map(v -> "bootstrapped at version " + v + ", but these stacks need " + required)
                .orElse("not bootstrapped for the CDK (no SSM parameter " + parameter + ")");
        if (!options.bootstrap()) {
            throw new DeployException(aws.environment() + " is " + state + ". Bootstrap it once: 'mvn goaws:bootstrap'"
                    + " (or add -Dgoaws.bootstrap=true to this command; same as 'cdk bootstrap "
                    + aws.environment() + "').");
        }
        reporter.info(aws.environment() + " is " + state + ": bootstrapping (goaws.bootstrap=true)");
        bootstrap();
    }

    private void runCli(List<String> args, String what) throws DeployException {
        runCli(args, what, reporter::info);
    }

    private void runCli(List<String> args, String what, java.util.function.Consumer<String> lines)
            throws DeployException {
        ProcessRunner.Result result = cli.run(args, aws.cliEnvironment(), lines, CLI_TIMEOUT);
        if (!result.succeeded()) {
            List<String> tail = result.tail();
            String last = String.join(System.lineSeparator(),
                    tail.subList(Math.max(0, tail.size() - ERROR_LINES), tail.size()));
            throw new DeployException("cdk " + what + " failed (exit " + result.exitCode() + "). Last lines:"
                    + System.lineSeparator() + last);
        }
    }


    private static Map<String, Map<String, String>> readOutputs(Path file) throws IOException {
        Map<String, Map<String, String>> outputs = new LinkedHashMap<>();
        if (Files.size(file) == 0) {
            return outputs;
        }
        JSON.readTree(file.toFile()).fields().forEachRemaining(stack -> {
            Map<String, String> values = new TreeMap<>();
            stack.getValue().fields().forEachRemaining(o -> values.put(o.getKey(), o.getValue().asText()));
            outputs.put(stack.getKey(), values);
        });
        return outputs;
    }

    /** Keeps one outputs file for all stacks, as if they had been deployed together. */
    private synchronized void mergeOutputs(Map<String, Map<String, String>> outputs) throws IOException {
        ObjectNode all = readAll();
        outputs.forEach((stack, values) -> all.set(stack, JSON.valueToTree(values)));
        JSON.writerWithDefaultPrettyPrinter().writeValue(options.outputsFile().toFile(), all);
    }

    private synchronized void removeOutputs(String stack) throws DeployException {
        try {
            if (Files.exists(options.outputsFile())) {
                ObjectNode all = readAll();
                all.remove(stack);
                JSON.writerWithDefaultPrettyPrinter().writeValue(options.outputsFile().toFile(), all);
            }
        } catch (IOException e) {
            throw new DeployException("Cannot update " + options.outputsFile() + ": " + e.getMessage(), e);
        }
    }

    private ObjectNode readAll() throws IOException {
        if (Files.exists(options.outputsFile()) && Files.size(options.outputsFile()) > 0) {
            JsonNode node = JSON.readTree(options.outputsFile().toFile());
            if (node instanceof ObjectNode object) {
                return object;
            }
        }
        return JSON.createObjectNode();
    }
}
