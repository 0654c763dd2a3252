package dev.goaws.core.ci;

import dev.goaws.core.CiSettings;
import dev.goaws.core.image.AppBuild;
import dev.goaws.core.stacks.CiStack;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The GitHub Actions workflow {@code goaws:pipeline} writes: pull requests are built, tested and diffed against the
 * production stage (and with {@link CiSettings#previews()} deployed as stage {@code pr-<number>}, destroyed with
 * its data when the pull request closes); pushes to the deploy refs build, push the image with Jib and deploy the
 * production stage, then report its status. AWS is reached only through the CI stack's roles (OIDC, no keys); the
 * Jib push assumes the CDK bootstrap's image-publishing role from the job's role, as the cdk CLI does for its
 * assets. Every job declares the permissions it uses and no more; deploys of one stage never overlap.
 *
 * @param ci               repository, deploy refs, previews, stack prefix
 * @param roles            the CI stack's roles and region
 * @param productionStage  {@code goaws.stage} of the production deploy, or null for the stacks without a stage
 * @param workingDirectory the project's directory relative to the repository root ("" for the root)
 * @param nonRecursive     run the goaws goals with {@code -N} (the plugin is configured on an aggregator POM)
 * @param javaVersion      the JDK the jobs set up
 * @param outputDirectory  {@code goaws.outputDirectory} relative to the project, e.g. {@code target/goaws}
 * @param pluginVersion    written into the header
 */
public record PipelineWorkflow(CiSettings ci, CiRoles roles, String productionStage, String workingDirectory,
        boolean nonRecursive, String javaVersion, String outputDirectory, String pluginVersion) {

    /** Where the workflow goes, relative to the repository root. */
    public static final String PATH = ".github/workflows/goaws.yml";
    private static final String SAME_REPOSITORY = "github.event.pull_request.head.repo.full_name == github.repository";

    /**
     * The goaws properties the workflow's commands set with {@code -D}: Maven lets a value in the plugin's
     * {@code <configuration>} win over them, so none of them may be set there.
     */
    public Set<String> commandLineProperties() {
        Set<String> properties = new LinkedHashSet<>();
        if (productionStage != null || ci.previews()) {
            properties.add("goaws.stage");
        }
        properties.addAll(List.of("goaws.image", "goaws.imageBuilder", "goaws.push", "goaws.summaryFile"));
        if (ci.previews()) {
            properties.add("goaws.destroyData");
        } else {
            properties.add("goaws.deployMethod");
        }
        return properties;
    }

    /** The workflow file's text, without the checksum header {@link WorkflowFile} adds. */
    public String render() {
        Yaml y = new Yaml();
        y.comment("Continuous delivery of " + ci.repository().slug() + " with goaws: keyless (GitHub OIDC), through"
                + " the roles of the CloudFormation stack " + ci.stackName() + " (mvn goaws:deploy-ci).");
        y.comment("Pull requests: build, test, diff against " + stageName(productionStage)
                + (ci.previews() ? ", deploy preview stage pr-<number> (destroyed with its data on close)" : "")
                + ". Pushes to " + String.join(", ", ci.deployRefs()) + ": build, test, deploy "
                + stageName(productionStage) + ", status.");
        y.line(0, "name: goaws");
        y.blank();
        y.line(0, "on:");
        y.line(1, "push:");
        if (!ci.deployBranches().isEmpty()) {
            y.list(2, "branches", ci.deployBranches());
        }
        if (!ci.deployTags().isEmpty()) {
            y.list(2, "tags", ci.deployTags());
        }
        y.line(1, "pull_request:");
        y.line(2, "types: [opened, synchronize, reopened" + (ci.previews() ? ", closed" : "") + "]");
        y.blank();
        y.comment("Nothing by default: each job asks for what it uses.");
        y.line(0, "permissions: {}");
        y.blank();
        y.line(0, "jobs:");
        pullRequestJob(y);
        if (ci.previews()) {
            y.blank();
            previewDestroyJob(y);
        }
        y.blank();
        deployJob(y);
        return y.text();
    }

    private void pullRequestJob(Yaml y) {
        y.line(1, "pull-request:");
        y.line(2, "name: Verify, diff against " + stageName(productionStage)
                + (ci.previews() ? ", preview stage" : ""));
        y.line(2, "if: github.event_name == 'pull_request' && github.event.action != 'closed'");
        y.line(2, "runs-on: ubuntu-latest");
        y.line(2, "timeout-minutes: " + (ci.previews() ? 90 : 45));
        jobPermissions(y, "the pull-request role");
        if (ci.previews()) {
            concurrency(y, previewGroup(), false, "one preview stage: its deploy and destroy never overlap");
        } else {
            concurrency(y, group("diff-pr-${{ github.event.pull_request.number }}"), true,
                    "a newer push to the pull request makes this diff obsolete");
        }
        defaults(y);
        y.line(2, "steps:");
        setUp(y);
        run(y, "Build and test", null, maven("verify"));
        run(y, "Package the app into its image context", null, maven("goaws:build-app -Dgoaws.imageBuilder=jib"));
        y.comment(3, "Pull requests from forks get no OIDC token: they are built and tested only.");
        assumeRole(y, "Assume the pull-request role", roles.previewRoleArn(), SAME_REPOSITORY);
        run(y, "Diff against " + stageName(productionStage), SAME_REPOSITORY, maven("goaws:diff"
                + stageArgument(productionStage) + (ci.previews() ? "" : " -Dgoaws.deployMethod=direct")
                + " \"-Dgoaws.summaryFile=$GITHUB_STEP_SUMMARY\""));
        if (!ci.previews()) {
            return;
        }
        pushImage(y, SAME_REPOSITORY);
        assumeRole(y, "Assume the pull-request role again", roles.previewRoleArn(), SAME_REPOSITORY);
        y.line(3, "- name: Deploy the preview stage");
        y.line(4, "if: " + SAME_REPOSITORY);
        y.line(4, "env:");
        y.line(5, "STAGE: pr-${{ github.event.pull_request.number }}");
        y.line(4, "run: |");
        y.line(5, "image=\"$(cat " + outputDirectory + "/" + AppBuild.REFERENCE_FILE + ")\"");
        y.line(5, maven("goaws:deploy -Dgoaws.stage=\"$STAGE\" -Dgoaws.image=\"$image\""));
        y.line(5, maven("goaws:status -Dgoaws.stage=\"$STAGE\" -Dgoaws.image=\"$image\""
                + " \"-Dgoaws.summaryFile=$GITHUB_STEP_SUMMARY\""));
    }

    private void previewDestroyJob(Yaml y) {
        y.line(1, "preview-destroy:");
        y.line(2, "name: Destroy the preview stage and its data");
        y.line(2, "if: github.event_name == 'pull_request' && github.event.action == 'closed' && " + SAME_REPOSITORY);
        y.line(2, "runs-on: ubuntu-latest");
        y.line(2, "timeout-minutes: 60");
        jobPermissions(y, "the pull-request role");
        concurrency(y, previewGroup(), false, "one preview stage: its deploy and destroy never overlap");
        defaults(y);
        y.line(2, "steps:");
        setUp(y);
        assumeRole(y, "Assume the pull-request role", roles.previewRoleArn(), null);
        y.line(3, "- name: Destroy stage pr-${{ github.event.pull_request.number }} with its table");
        y.line(4, "env:");
        y.line(5, "STAGE: pr-${{ github.event.pull_request.number }}");
        y.line(4, "run: " + maven("goaws:destroy -Dgoaws.stage=\"$STAGE\" -Dgoaws.destroyData=true"));
    }

    private void deployJob(Yaml y) {
        y.line(1, "deploy:");
        y.line(2, "name: Deploy " + stageName(productionStage));
        y.line(2, "if: github.event_name == 'push'");
        y.line(2, "runs-on: ubuntu-latest");
        y.line(2, "timeout-minutes: 90");
        jobPermissions(y, "the deploy role");
        concurrency(y, group(productionStage == null ? "stage" : "stage-" + productionStage), false,
                "deploys of one stage never overlap; a newer push waits, and only the newest waiting one runs");
        defaults(y);
        y.line(2, "steps:");
        setUp(y);
        run(y, "Build and test", null, maven("verify"));
        assumeRole(y, "Assume the deploy role", roles.deployRoleArn(), null);
        pushImage(y, null);
        assumeRole(y, "Assume the deploy role again", roles.deployRoleArn(), null);
        y.line(3, "- name: Deploy " + stageName(productionStage));
        y.line(4, "run: |");
        y.line(5, "image=\"$(cat " + outputDirectory + "/" + AppBuild.REFERENCE_FILE + ")\"");
        y.line(5, maven("goaws:deploy" + stageArgument(productionStage) + " -Dgoaws.image=\"$image\""));
        y.line(5, maven("goaws:status" + stageArgument(productionStage) + " -Dgoaws.image=\"$image\""
                + " \"-Dgoaws.summaryFile=$GITHUB_STEP_SUMMARY\""));
    }

    /** From the job's role to the CDK's image-publishing role (role chaining), Jib push, digest reference to a file. */
    private void pushImage(Yaml y, String condition) {
        y.line(3, "- name: Assume the CDK bootstrap's image-publishing role");
        if (condition != null) {
            y.line(4, "if: " + condition);
        }
        y.line(4, "uses: " + GitHubAction.CONFIGURE_AWS_CREDENTIALS.uses());
        y.line(4, "with:");
        y.line(5, "role-to-assume: " + roles.bootstrapRoleArn(CiStack.BootstrapRole.IMAGE_PUBLISHING));
        y.line(5, "role-chaining: true");
        y.comment(5, "The job's role may assume the bootstrap roles, not tag sessions.");
        y.line(5, "role-skip-session-tagging: true");
        y.line(5, "aws-region: " + roles.region());
        run(y, "Build the image with Jib and push it to the bootstrap's ECR repository", condition,
                maven("goaws:build-app -Dgoaws.imageBuilder=jib -Dgoaws.push=true"));
    }

    private void setUp(Yaml y) {
        y.line(3, "- uses: " + GitHubAction.CHECKOUT.uses());
        y.line(4, "with:");
        y.line(5, "persist-credentials: false");
        y.line(3, "- uses: " + GitHubAction.SETUP_JAVA.uses());
        y.line(4, "with:");
        y.line(5, "distribution: temurin");
        y.line(5, "java-version: '" + javaVersion + "'");
        y.comment(5, "Also caches the cdk CLI goaws installs under ~/.m2/repository/dev/goaws/cdk-cli.");
        y.line(5, "cache: maven");
    }

    private void assumeRole(Yaml y, String name, String roleArn, String condition) {
        y.line(3, "- name: " + name);
        if (condition != null) {
            y.line(4, "if: " + condition);
        }
        y.line(4, "uses: " + GitHubAction.CONFIGURE_AWS_CREDENTIALS.uses());
        y.line(4, "with:");
        y.line(5, "role-to-assume: " + roleArn);
        y.line(5, "aws-region: " + roles.region());
    }

    private static void run(Yaml y, String name, String condition, String command) {
        y.line(3, "- name: " + name);
        if (condition != null) {
            y.line(4, "if: " + condition);
        }
        y.line(4, "run: " + command);
    }

    private static void jobPermissions(Yaml y, String role) {
        y.line(2, "permissions:");
        y.line(3, "contents: read");
        y.line(3, "id-token: write # the OIDC token for " + role);
    }

    private static void concurrency(Yaml y, String group, boolean cancel, String why) {
        y.line(2, "concurrency: # " + why);
        y.line(3, "group: " + group);
        y.line(3, "cancel-in-progress: " + cancel);
    }

    private void defaults(Yaml y) {
        if (!workingDirectory.isEmpty()) {
            y.line(2, "defaults:");
            y.line(3, "run:");
            y.line(4, "working-directory: " + workingDirectory);
        }
    }

    private String previewGroup() {
        return group("pr-${{ github.event.pull_request.number }}");
    }

    private String group(String suffix) {
        return "goaws-" + ci.stackPrefix() + "-" + suffix;
    }

    private String maven(String goals) {
        return "mvn -B -ntp" + (nonRecursive && goals.startsWith("goaws:") ? " -N" : "") + " " + goals;
    }

    private static String stageArgument(String stage) {
        return stage == null ? "" : " -Dgoaws.stage=" + stage;
    }

    private static String stageName(String stage) {
        return stage == null ? "production" : "production (stage " + stage + ")";
    }

    /** Block-style YAML, two spaces per level; every value written here is plain-scalar safe. */
    private static final class Yaml {
        private final List<String> lines = new ArrayList<>();

        void line(int level, String text) {
            lines.add("  ".repeat(level) + text);
        }

        void list(int level, String key, List<String> values) {
            line(level, key + ":");
            values.forEach(v -> line(level + 1, "- " + v));
        }

        void comment(String text) {
            comment(0, text);
        }

        /** A comment, wrapped at 118 columns. */
        void comment(int level, String text) {
            StringBuilder current = new StringBuilder();
            for (String word : text.split(" ")) {
                if (current.length() > 0 && 2 * level + 2 + current.length() + 1 + word.length() > 118) {
                    line(level, "# " + current);
                    current.setLength(0);
                }
                current.append(current.length() > 0 ? " " : "").append(word);
            }
            line(level, "# " + current);
        }

        void blank() {
            lines.add("");
        }

        String text() {
            return String.join("\n", lines) + "\n";
        }
    }
}
