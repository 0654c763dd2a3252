package dev.goaws.core.ci;

import dev.goaws.core.CiSettings;
import dev.goaws.core.GitHubRepository;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.GoawsException;
import dev.goaws.core.Naming;
import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.Reporter;
import dev.goaws.core.Strings;
import dev.goaws.core.Workspace;
import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.deploy.DeployException;
import dev.goaws.core.stacks.CiStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code goaws:pipeline}: writes the workflow ({@link PipelineWorkflow}) at the root of the project's git
 * checkout, for the roles of the deployed CI stack. Everything that can be refused without AWS is refused first.
 */
public final class Pipeline {
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._/-]+");
    private static final Pattern JAVA_VERSION = Pattern.compile("\\d{2,3}");
    private static final Pattern PREVIEW_STAGE = Pattern.compile("pr-\\d+");

    /**
     * @param ci                     the CI settings (repository resolved)
     * @param naming                 the stacks' names: {@code goaws.stage} is the production stage
     * @param projectDirectory       the project whose POM the workflow's Maven commands use
     * @param outputDirectory        {@code goaws.outputDirectory}
     * @param nonRecursive           the goaws goals need {@code -N} (an aggregator project)
     * @param javaVersion            the JDK the jobs set up
     * @param pluginVersion          goaws's version, for the file's header
     * @param force                  {@code goaws.force}: replace an edited workflow
     * @param deployRoleArn          {@code goaws.deployRoleArn}, or null: the CI stack's
     * @param previewRoleArn         {@code goaws.previewRoleArn}, or null: the CI stack's
     * @param region                 {@code goaws.region} (needed with explicit roles)
     * @param configuredInPom        the goaws properties set literally in the plugin's {@code <configuration>}
     * @param target                 where the CI stack is read when the outputs file does not have it
     */
    public record Request(CiSettings ci, Naming naming, Path projectDirectory, Path outputDirectory,
            boolean nonRecursive, String javaVersion, String pluginVersion, boolean force, String deployRoleArn,
            String previewRoleArn, String region, Set<String> configuredInPom, AwsTarget target, Reporter reporter) {
    }

    private Pipeline() {
    }

    /** @return the workflow file, written or found up to date */
    public static Path generate(Request request) throws GoawsException {
        CiSettings ci = request.ci();
        String stage = request.naming().stage();
        if (ci.previews() && stage != null && PREVIEW_STAGE.matcher(stage).matches()) {
            throw new InvalidSettingException("goaws.stage", "'" + stage + "' is the name of a pull request's preview"
                    + " stage (pr-<number>), which that pull request's closing would destroy: choose another"
                    + " production stage name.");
        }
        if (!JAVA_VERSION.matcher(request.javaVersion()).matches() || Integer.parseInt(request.javaVersion()) < 17) {
            throw new GoawsException("The workflow's JDK must be 17 or later (goaws runs on 17); the project asks for"
                    + " '" + request.javaVersion() + "' (maven.compiler.release).");
        }
        GitCheckout checkout = checkout(request.projectDirectory());
        String workingDirectory = relative(checkout.root(), request.projectDirectory(), "the project");
        String outputDirectory = relative(request.projectDirectory(), request.outputDirectory(),
                "goaws.outputDirectory");
        PipelineWorkflow draft = new PipelineWorkflow(ci, null, stage, workingDirectory, request.nonRecursive(),
                request.javaVersion(), outputDirectory, request.pluginVersion());
        for (String property : draft.commandLineProperties()) {
            if (request.configuredInPom().contains(property)) {
                String name = property.substring("goaws.".length());
                throw new InvalidSettingException(property, "<" + name + "> is set in the plugin's <configuration>,"
                        + " where it wins over the workflow's -D" + property + "=...: its deploys would not do what"
                        + " they say. Set it as a property instead (<properties><" + property + ">...</" + property
                        + "></properties>), or pass it on the command line.");
            }
        }
        CiRoles roles = roles(request);
        PipelineWorkflow workflow = new PipelineWorkflow(ci, roles, stage, workingDirectory, request.nonRecursive(),
                request.javaVersion(), outputDirectory, request.pluginVersion());
        Path file = checkout.root().resolve(PipelineWorkflow.PATH);
        WorkflowFile.Outcome outcome;
        try {
            outcome = WorkflowFile.write(file, WorkflowFile.withHeader(workflow.render(), request.pluginVersion()),
                    request.force());
        } catch (IOException e) {
            throw new GoawsException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        report(request.reporter(), file, outcome, ci, roles, stage);
        return file;
    }

    private static void report(Reporter out, Path file, WorkflowFile.Outcome outcome, CiSettings ci, CiRoles roles,
            String stage) {
        switch (outcome) {
            case UNCHANGED -> out.info(file + " is up to date: not written.");
            case CREATED -> out.info("Wrote " + file + ".");
            case UPDATED -> out.info("Updated " + file + " (it was unedited since goaws wrote it).");
            case REPLACED_EDITED -> out.warn("Replaced the edited " + file + " (goaws.force=true): git diff shows"
                    + " what your edits were.");
        }
        if (outcome == WorkflowFile.Outcome.UNCHANGED) {
            return;
        }
        out.info("  pull requests: mvn verify, goaws:diff against production" + (stage == null ? ""
                : " (stage " + stage + ")") + " into the job summary" + (ci.previews()
                ? ", preview stage pr-<number> deployed (destroyed with its data on close)" : "") + "; role "
                + roles.previewRoleArn());
        out.info("  pushes to " + String.join(", ", ci.deployRefs()) + ": mvn verify, Jib image, goaws:deploy"
                + (stage == null ? "" : " of stage " + stage) + ", goaws:status; role " + roles.deployRoleArn()
                + ", region " + roles.region());
        out.info("Commit and push it: GitHub runs it on the next pull request and push.");
    }

    /** Explicit roles, else the CI stack's outputs from the outputs file, else from the deployed stack. */
    static CiRoles roles(Request request) throws GoawsException {
        String deploy = Strings.blankToNull(request.deployRoleArn());
        String preview = Strings.blankToNull(request.previewRoleArn());
        if (deploy != null || preview != null) {
            if (deploy == null || preview == null) {
                throw new InvalidSettingException(deploy == null ? CiRoles.DEPLOY_ROLE_ARN : CiRoles.PREVIEW_ROLE_ARN,
                        "set both goaws.deployRoleArn and goaws.previewRoleArn (and goaws.region), or neither: then"
                                + " they are read from the " + request.ci().stackName() + " stack.");
            }
            return new CiRoles(deploy, preview, Strings.blankToNull(request.region()));
        }
        String stack = request.ci().stackName();
        Path outputsFile = new Workspace(request.outputDirectory()).outputsFile();
        Optional<Map<String, String>> outputs = fromOutputsFile(outputsFile, stack);
        String source = outputsFile + " (written by goaws:deploy-ci)";
        if (outputs.isEmpty()) {
            AwsTarget.AwsSession aws;
            try {
                aws = request.target().connect();
            } catch (DeployException e) {
                throw new GoawsException("goaws:pipeline needs the roles of the " + stack + " stack and cannot read"
                        + " them from AWS: " + e.getMessage() + " Or name them: -Dgoaws.deployRoleArn=...,"
                        + " -Dgoaws.previewRoleArn=... and -Dgoaws.region=...", e);
            }
            outputs = CiGoals.deployedOutputs(aws, stack);
            source = "the stack in " + aws.environment();
            if (outputs.isEmpty()) {
                throw new GoawsException("The " + stack + " stack is not deployed in " + aws.environment()
                        + ": deploy it first (mvn goaws:deploy-ci), or name the roles with goaws.deployRoleArn,"
                        + " goaws.previewRoleArn and goaws.region.");
            }
        }
        requireDeployedFor(request.ci(), outputs.get(), source, request.reporter());
        return CiRoles.fromOutputs(outputs.get());
    }

    /** The CI stack's roles trust one repository and its deploy refs, and may deploy previews or not: as configured? */
    private static void requireDeployedFor(CiSettings ci, Map<String, String> outputs, String source,
            Reporter reporter) {
        String stack = ci.stackName();
        String repository = outputs.get(CiStack.OUTPUT_REPOSITORY);
        if (!ci.repository().slug().equals(repository)) {
            throw new InvalidSettingException(GitHubRepository.SETTING, "the " + stack + " stack (" + source
                    + ") was deployed for the repository " + repository + ", not " + ci.repository().slug()
                    + ": its roles trust only that repository's workflows. Redeploy it (mvn goaws:deploy-ci) or set"
                    + " goaws.repository=" + repository + ".");
        }
        String refs = String.join(",", ci.deployRefs());
        if (!refs.equals(outputs.get(CiStack.OUTPUT_DEPLOY_REFS))) {
            throw new InvalidSettingException(CiSettings.DEPLOY_REFS, "the " + stack + " stack (" + source
                    + ") lets " + outputs.get(CiStack.OUTPUT_DEPLOY_REFS) + " deploy, the workflow would deploy from "
                    + refs + ": redeploy it (mvn goaws:deploy-ci) with the same goaws.deployRefs.");
        }
        boolean deployedWithPreviews = Boolean.parseBoolean(outputs.get(CiStack.OUTPUT_PREVIEWS));
        if (ci.previews() && !deployedWithPreviews) {
            throw new InvalidSettingException("goaws.previews", "the " + stack + " stack (" + source + ") was"
                    + " deployed without previews: its pull-request role may not deploy a preview stage. Redeploy it"
                    + " first: mvn goaws:deploy-ci -Dgoaws.previews=true.");
        }
        if (!ci.previews() && deployedWithPreviews) {
            reporter.warn("The " + stack + " stack lets pull requests deploy (previews=true), but this workflow"
                    + " deploys no previews: redeploy it with goaws.previews=false to narrow the pull-request role"
                    + " to diffs.");
        }
    }

    private static Optional<Map<String, String>> fromOutputsFile(Path file, String stack) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = new ObjectMapper().readTree(file.toFile()).path(stack);
            if (!node.isObject()) {
                return Optional.empty();
            }
            Map<String, String> outputs = new TreeMap<>();
            node.fields().forEachRemaining(e -> outputs.put(e.getKey(), e.getValue().asText()));
            return Optional.of(outputs);
        } catch (IOException e) {
            return Optional.empty(); // unreadable: ask the deployed stack instead
        }
    }

    private static GitCheckout checkout(Path projectDirectory) {
        try {
            return GitCheckout.containing(projectDirectory).orElseThrow(() -> new GoawsException(projectDirectory
                    + " is not in a git checkout: goaws:pipeline writes " + PipelineWorkflow.PATH + " at the root"
                    + " of the project's GitHub repository. Clone it, or git init and add the remote origin."));
        } catch (IOException e) {
            throw new GoawsException("Cannot read the git checkout around " + projectDirectory + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code path} relative to {@code base}, "" when equal; refused outside {@code base} or with unusual characters. */
    private static String relative(Path base, Path path, String what) {
        Path b = realish(base);
        Path p = realish(path);
        if (!p.startsWith(b)) {
            throw new GoawsException(what + " (" + path + ") is outside " + base + ": the workflow runs in a checkout"
                    + " of the repository and can only reach what is in it.");
        }
        String relative = b.relativize(p).toString().replace('\\', '/');
        if (!relative.isEmpty() && !SAFE_PATH.matcher(relative).matches()) {
            throw new GoawsException(what + " (" + relative + ") has characters the workflow's commands would have to"
                    + " quote: use letters, digits, '.', '_', '-' and '/'.");
        }
        return relative;
    }

    /** The real path of the nearest existing ancestor, with the rest appended (an output directory may not exist yet). */
    private static Path realish(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing == null ? absolute : existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }
}
