package dev.goaws.maven;

import dev.goaws.core.CiSettings;
import dev.goaws.core.ci.CiGoals;
import dev.goaws.core.ci.Pipeline;
import java.util.Set;
import java.util.TreeSet;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Writes the GitHub Actions workflow {@code .github/workflows/goaws.yml} at the root of the project's git checkout:
 * pull requests are built, tested and diffed against the production stage ({@code goaws.stage}; with
 * {@code goaws.previews} also deployed as stage {@code pr-<number>} and destroyed with its data on close); pushes to
 * {@code goaws.deployRefs} build the image with Jib and deploy the production stage, then report its status. AWS is
 * reached only through the roles of the {@code goaws:deploy-ci} stack, read from its outputs. An edited workflow is
 * not overwritten without {@code goaws.force}; an unchanged one is not written at all.
 */
@Mojo(name = "pipeline", aggregator = true, threadSafe = true)
public class PipelineMojo extends AbstractTargetMojo {

    /**
     * The GitHub repository, {@code owner/name} as GitHub spells it (the roles trust exactly its workflows).
     * Default: read from the git remote {@code origin} of the project's checkout.
     */
    @Parameter(property = "goaws.repository")
    protected String repository;

    /**
     * Comma-separated refs whose pushes deploy the production stage: branch names ({@code main} is
     * {@code refs/heads/main}) or {@code refs/tags/<tag>}; no wildcards. Only these can assume the deploy role.
     */
    @Parameter(property = "goaws.deployRefs", defaultValue = "main")
    protected String deployRefs;

    /**
     * Pull requests get a preview stage of their own ({@code pr-<number>}: all three stacks, at the cost of a stage
     * while the pull request is open), destroyed with its data when the pull request closes. This lets the
     * pull-request role deploy through the CDK bootstrap roles; without it, that role may only read and diff.
     */
    @Parameter(property = "goaws.previews", defaultValue = "false")
    protected boolean previews;


    /** Replace the workflow even if it was edited since goaws wrote it (your edits are lost; git keeps them). */
    @Parameter(property = "goaws.force", defaultValue = "false")
    protected boolean force;

    /** The role the deploy job assumes; default: the {@code goaws-ci} stack's output (set with previewRoleArn and region). */
    @Parameter(property = "goaws.deployRoleArn")
    protected String deployRoleArn;

    /** The role the pull-request jobs assume; default: the {@code goaws-ci} stack's output. */
    @Parameter(property = "goaws.previewRoleArn")
    protected String previewRoleArn;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Override
    protected void run() {
        CiSettings ci = CiGoals.settings(naming(), repository, deployRefs, previews, null,
                project.getBasedir().toPath());
        Pipeline.generate(new Pipeline.Request(ci, naming(), project.getBasedir().toPath(),
                outputDirectory.toPath(), !project.getModules().isEmpty(), javaVersion(),
                plugin == null ? "unknown" : plugin.getVersion(), force, deployRoleArn, previewRoleArn, region,
                configuredInPom(), target(), reporter()));
    }

    /** The JDK of the jobs: the project's {@code maven.compiler.release} when it is 17 or later, else 17. */
    private String javaVersion() {
        String release = project.getProperties().getProperty("maven.compiler.release", "").trim();
        return release.matches("\\d{2,3}") && Integer.parseInt(release) >= 17 ? release : "17";
    }

    /**
     * The goaws properties whose parameter this project sets in the plugin's {@code <configuration>} (for the
     * command line: the plugin's own and its {@code default-cli} execution's) with a value, not a {@code ${...}}
     * expression: Maven lets those win over {@code -D} properties.
     */
    private Set<String> configuredInPom() {
        Set<String> properties = new TreeSet<>();
        if (plugin == null) {
            return properties;
        }
        Plugin declared = project.getBuild().getPluginsAsMap().get(plugin.getGroupId() + ":" + plugin.getArtifactId());
        if (declared == null) {
            return properties;
        }
        addLiterals(declared.getConfiguration(), properties);
        PluginExecution cli = declared.getExecutionsAsMap().get("default-cli");
        if (cli != null) {
            addLiterals(cli.getConfiguration(), properties);
        }
        return properties;
    }

    private static void addLiterals(Object configuration, Set<String> properties) {
        if (configuration instanceof Xpp3Dom dom) {
            for (Xpp3Dom child : dom.getChildren()) {
                String value = child.getValue();
                if (value == null || !value.trim().startsWith("${")) {
                    properties.add("goaws." + child.getName());
                }
            }
        }
    }
}
