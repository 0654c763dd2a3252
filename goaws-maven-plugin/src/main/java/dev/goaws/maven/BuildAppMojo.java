package dev.goaws.maven;

import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.image.AppInput;
import dev.goaws.core.image.AppPackager;
import dev.goaws.core.image.BuildDecision;
import dev.goaws.core.image.DistLayout;
import dev.goaws.core.image.DockerDaemon;
import dev.goaws.core.image.ImageBuildException;
import dev.goaws.core.image.ImageBuilderMode;
import dev.goaws.core.image.ImageConfig;
import dev.goaws.core.image.ImagePublisher;
import dev.goaws.core.image.JibImageBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.DefaultDependencyResolutionRequest;
import org.apache.maven.project.DefaultProjectBuildingRequest;
import org.apache.maven.project.ProjectBuilder;
import org.apache.maven.project.ProjectBuildingException;
import org.apache.maven.project.ProjectBuildingRequest;
import org.apache.maven.project.DependencyResolutionException;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.ProjectDependenciesResolver;
import org.eclipse.aether.graph.Dependency;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Packages the app into a container image context, {@code target/goaws/dist}: the app as a jar plus
 * {@code lib/} (dependencies split out of a shaded jar, so they form their own image layer), its assets and a
 * Dockerfile (JRE 17, non-root user, container-aware JVM flags, {@code EXPOSE} of the port).
 *
 * <p>With a Docker daemon, deploy-container builds that directory as a CDK image asset. Without one (Jib mode)
 * the same image can be built here with no Docker at all: {@code -Dgoaws.push=true} (or a
 * {@code goaws.imageRepository}) pushes it to ECR or another registry and prints its digest reference;
 * {@code goaws.imageTar} writes an OCI tarball.
 */
@Mojo(name = "build-app", threadSafe = true, requiresDependencyResolution = ResolutionScope.RUNTIME)
public class BuildAppMojo extends AbstractGoawsMojo {

    /** The app's jar. Default: this project's jar ({@code target/<finalName>.jar}, shaded or not). */
    @Parameter(property = "goaws.appJar")
    private File appJar;

    /**
     * The artifactId of a module of this build whose jar is the app, e.g. {@code sample-app} when goaws runs in
     * the parent ({@code mvn -N goaws:build-app -Dgoaws.appModule=sample-app}). Its runtime dependencies become
     * {@code lib/}.
     */
    @Parameter(property = "goaws.appModule")
    private String appModule;

    /** The class with the main method. Default: the jar manifest's {@code Main-Class}. */
    @Parameter(property = "goaws.mainClass")
    private String mainClass;

    /** Static files shipped beside the jar, to {@code /app/assets} in the image; skipped when missing. */
    @Parameter(property = "goaws.appAssets", defaultValue = "${project.basedir}/src/main/assets")
    private File appAssets;

    /** The base image: a JRE 17 or newer, with {@code java} on the PATH. */
    @Parameter(property = "goaws.baseImage", defaultValue = ImageConfig.DEFAULT_BASE_IMAGE)
    private String baseImage;

    /** JVM options of the container's {@code java} command, separated by spaces. */
    @Parameter(property = "goaws.jvmFlags", defaultValue = "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError")
    private String jvmFlags;

    /** The numeric, non-root {@code uid[:gid]} the app runs as. */
    @Parameter(property = "goaws.imageUser", defaultValue = ImageConfig.DEFAULT_USER)
    private String imageUser;



    /** In Jib mode, push the image now and print its {@code @sha256:} reference. */
    @Parameter(property = "goaws.push", defaultValue = "false")
    private boolean push;

    /** Also write the image as an OCI tarball to this file (any mode; needs no Docker). */
    @Parameter(property = "goaws.imageTar")
    private File imageTar;



    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Component
    private ProjectDependenciesResolver dependenciesResolver;

    @Component
    private ProjectBuilder projectBuilder;

    @Override
    public void execute() throws MojoExecutionException {
        ImageBuilderMode mode;
        ImageConfig config;
        try {
            mode = ImageBuilderMode.parse(imageBuilder);
            config = new ImageConfig(baseImage, ImageConfig.parseJvmFlags(jvmFlags), containerPort, imageUser);
        } catch (InvalidSettingException e) {
            throw invalid(e);
        }
        BuildDecision decision = mode.decide(image,
                () -> DockerDaemon.isReachable("docker", java.util.Map.of()));
        if (decision == BuildDecision.PREBUILT) {
            getLog().info("goaws.image is set (" + image + "): nothing to build.");
            return;
        }
        if (appModule == null && appJar == null && "pom".equals(project.getPackaging())) {
            getLog().info("Skipping " + project.getArtifactId() + ": a pom project has no jar. Set goaws.appModule"
                    + " to the app's module (or goaws.appJar to a jar).");
            return;
        }
        Path dist = imageDirectory.toPath();
        long start = System.nanoTime();
        DistLayout layout;
        try {
            layout = AppPackager.pack(appInput(), config, dist);
        } catch (ImageBuildException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        getLog().info("Wrote " + dist + " in " + (System.nanoTime() - start) / 1_000_000 + " ms: app/"
                + layout.appJar() + " (main class " + layout.mainClass() + "), " + layout.libs().size()
                + " dependency jar(s) in app/lib/" + (layout.assets() ? ", app/assets/" : "") + ", Dockerfile (FROM "
                + config.baseImage() + ", port " + config.port() + ", user " + config.user() + ")");

        ImagePublisher.Request request = imageRequest(mode);
        try {
            if (imageTar != null) {
                JibImageBuilder.Built tar = ImagePublisher.writeTar(request, imageTar.toPath(), getLog()::info);
                getLog().info("Wrote OCI image tarball " + imageTar + " (" + tar.reference() + ", " + tar.digest() + ")");
            }
            if (decision == BuildDecision.DOCKER) {
                getLog().info("Image builder: docker. deploy-container builds " + dist
                        + " as a CDK image asset (the Docker daemon must run then).");
                return;
            }
            boolean pushNow = push || (imageRepository != null && !imageRepository.isBlank());
            if (!pushNow) {
                getLog().info("Image builder: jib (no Docker daemon" + (mode == ImageBuilderMode.JIB ? " needed" : " found")
                        + "). deploy-container builds and pushes the image; -Dgoaws.push=true does it now.");
                return;
            }
            long pushStart = System.nanoTime();
            JibImageBuilder.Built built = ImagePublisher.push(request, EcrClient::create, getLog()::info);
            Path referenceFile = outputDirectory.toPath().resolve("image-reference");
            Files.createDirectories(referenceFile.getParent());
            Files.writeString(referenceFile, built.reference() + "\n", StandardCharsets.UTF_8);
            getLog().info("Image " + built.reference() + " in " + (System.nanoTime() - pushStart) / 1_000_000
                    + " ms (written to " + referenceFile + "; deploy with -Dgoaws.image=" + built.reference() + ")");
        } catch (ImageBuildException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (InvalidSettingException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write to " + outputDirectory + ": " + e.getMessage(), e);
        }
    }

    /** The jar, its dependencies and the command that builds it, from the parameters or the project. */
    private AppInput appInput() throws MojoExecutionException {
        Path assets = appAssets == null ? null : appAssets.toPath();
        if (appJar != null) {
            return new AppInput(appJar.toPath(), List.of(), null, mainClass, assets,
                    "mvn package (the project that builds " + appJar.getName() + ")");
        }
        if (appModule != null && !appModule.isBlank() && !appModule.equals(project.getArtifactId())) {
            MavenProject module = findModule(appModule.trim());
            return new AppInput(jarOf(module), resolve(module), Path.of(module.getBuild().getOutputDirectory()),
                    mainClass, assets, "mvn -pl " + module.getArtifactId() + " -am package");
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
    private MavenProject findModule(String artifactId) throws MojoExecutionException {
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
                getLog().debug("Skipping module " + module + ": " + e.getMessage());
            }
        }
        throw new MojoExecutionException("No module '" + artifactId + "' in this build. Set goaws.appModule to the"
                + " artifactId of the app's module, or goaws.appJar to its jar.");
    }

    private static Path jarOf(MavenProject p) {
        File file = p.getArtifact() == null ? null : p.getArtifact().getFile();
        if (file != null && file.isFile() && file.getName().endsWith(".jar")) {
            return file.toPath();
        }
        return Path.of(p.getBuild().getDirectory(), p.getBuild().getFinalName() + ".jar");
    }

    private List<Path> resolve(MavenProject module) throws MojoExecutionException {
        DefaultDependencyResolutionRequest request = new DefaultDependencyResolutionRequest(module,
                session.getRepositorySession());
        // aether-util is not exported to plugins: a filter of our own, the runtime classpath scopes.
        request.setResolutionFilter((node, parents) -> node.getDependency() == null
                || Set.of("compile", "runtime").contains(node.getDependency().getScope()));
        try {
            List<Path> files = new ArrayList<>();
            for (Dependency dependency : dependenciesResolver.resolve(request).getDependencies()) {
                if (onRuntimeClasspath(dependency.getScope(), dependency.getArtifact().getExtension())
                        && dependency.getArtifact().getFile() != null) {
                    files.add(dependency.getArtifact().getFile().toPath());
                }
            }
            return files;
        } catch (DependencyResolutionException e) {
            throw new MojoExecutionException("Cannot resolve the dependencies of " + module.getArtifactId() + ": "
                    + e.getMessage() + " Run 'mvn -pl " + module.getArtifactId() + " -am package' first.", e);
        }
    }

    private static boolean onRuntimeClasspath(String scope, String type) {
        return Set.of("compile", "runtime").contains(scope) && "jar".equals(type);
    }

    /** Logins for non-ECR registries, as {@code docker login} stores them; none if the file does not exist. */
}
