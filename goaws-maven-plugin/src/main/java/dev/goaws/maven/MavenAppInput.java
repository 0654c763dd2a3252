package dev.goaws.maven;

import dev.goaws.core.image.AppInput;
import dev.goaws.core.image.ImageBuildException;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.DefaultDependencyResolutionRequest;
import org.apache.maven.project.DefaultProjectBuildingRequest;
import org.apache.maven.project.DependencyResolutionException;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.ProjectBuilder;
import org.apache.maven.project.ProjectBuildingException;
import org.apache.maven.project.ProjectBuildingRequest;
import org.apache.maven.project.ProjectDependenciesResolver;
import org.eclipse.aether.graph.Dependency;

/**
 * The Maven side of build-app: which jar and which runtime dependencies make the app, from a jar the user names,
 * a module of the build, or the current project.
 */
final class MavenAppInput {
    private final MavenSession session;
    private final MavenProject project;
    private final ProjectBuilder projectBuilder;
    private final ProjectDependenciesResolver resolver;
    private final Log log;

    MavenAppInput(MavenSession session, MavenProject project, ProjectBuilder projectBuilder,
            ProjectDependenciesResolver resolver, Log log) {
        this.session = session;
        this.project = project;
        this.projectBuilder = projectBuilder;
        this.resolver = resolver;
        this.log = log;
    }

    /** Null for a pom project without {@code appModule} or {@code appJar}: it has no jar to package. */
    AppInput resolve(File appJar, String appModule, String mainClass, File appAssets) throws ImageBuildException {
        Path assets = appAssets == null ? null : appAssets.toPath();
        if (appJar != null) {
            return new AppInput(appJar.toPath(), List.of(), null, mainClass, assets,
                    "mvn package (the project that builds " + appJar.getName() + ")");
        }
        if (appModule != null && !appModule.isBlank() && !appModule.equals(project.getArtifactId())) {
            MavenProject module = findModule(appModule.trim());
            return new AppInput(jarOf(module), dependencies(module), Path.of(module.getBuild().getOutputDirectory()),
                    mainClass, assets, "mvn -pl " + module.getArtifactId() + " -am package");
        }
        if ("pom".equals(project.getPackaging())) {
            log.info("Skipping " + project.getArtifactId() + ": a pom project has no jar. Set goaws.appModule to the"
                    + " app's module (or goaws.appJar to a jar).");
            return null;
        }
        List<Path> dependencies = new ArrayList<>();
        for (Artifact artifact : project.getArtifacts()) {
            if (onRuntimeClasspath(artifact.getScope(), artifact.getType()) && artifact.getFile() != null) {
                dependencies.add(artifact.getFile().toPath());
            }
        }
        return new AppInput(jarOf(project), dependencies, Path.of(project.getBuild().getOutputDirectory()),
                mainClass, assets, "mvn package");
    }

    /** The module among this build's projects, or (with -N) among the current project's {@code <modules>}. */
    private MavenProject findModule(String artifactId) throws ImageBuildException {
        for (MavenProject p : session.getProjects()) {
            if (p.getArtifactId().equals(artifactId)) {
                return p;
            }
        }
        ProjectBuildingRequest request = new DefaultProjectBuildingRequest(session.getProjectBuildingRequest());
        request.setProject(null);
        request.setResolveDependencies(false);
        for (String module : project.getModules()) {
            File pom = new File(project.getBasedir(), module);
            pom = pom.isDirectory() ? new File(pom, "pom.xml") : pom;
            if (!pom.isFile()) {
                continue;
            }
            try {
                MavenProject candidate = projectBuilder.build(pom, request).getProject();
                if (candidate.getArtifactId().equals(artifactId)) {
                    return candidate;
                }
            } catch (ProjectBuildingException e) {
                log.debug("Skipping module " + module + ": " + e.getMessage());
            }
        }
        throw new ImageBuildException("No module '" + artifactId + "' in this build. Set goaws.appModule to the"
                + " artifactId of the app's module, or goaws.appJar to its jar.");
    }

    private static Path jarOf(MavenProject p) {
        File file = p.getArtifact() == null ? null : p.getArtifact().getFile();
        if (file != null && file.isFile() && file.getName().endsWith(".jar")) {
            return file.toPath();
        }
        return Path.of(p.getBuild().getDirectory(), p.getBuild().getFinalName() + ".jar");
    }

    private List<Path> dependencies(MavenProject module) throws ImageBuildException {
        DefaultDependencyResolutionRequest request = new DefaultDependencyResolutionRequest(module,
                session.getRepositorySession());
        // aether-util is not exported to plugins: a filter of our own, the runtime classpath scopes.
        request.setResolutionFilter((node, parents) -> node.getDependency() == null
                || Set.of("compile", "runtime").contains(node.getDependency().getScope()));
        try {
            List<Path> files = new ArrayList<>();
            for (Dependency dependency : resolver.resolve(request).getDependencies()) {
                if (onRuntimeClasspath(dependency.getScope(), dependency.getArtifact().getExtension())
                        && dependency.getArtifact().getFile() != null) {
                    files.add(dependency.getArtifact().getFile().toPath());
                }
            }
            return files;
        } catch (DependencyResolutionException e) {
            throw new ImageBuildException("Cannot resolve the dependencies of " + module.getArtifactId() + ": "
                    + e.getMessage() + " Run 'mvn -pl " + module.getArtifactId() + " -am package' first.", e);
        }
    }

    private static boolean onRuntimeClasspath(String scope, String type) {
        return Set.of("compile", "runtime").contains(scope) && "jar".equals(type);
    }
}
