package dev.goaws.maven;

import dev.goaws.core.image.AppInput;
import dev.goaws.core.image.ImageConfig;
import java.io.File;
import java.util.function.Supplier;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.ProjectBuilder;
import org.apache.maven.project.ProjectDependenciesResolver;

/** What the goals that package the app into an image share: which jar is the app, and the container around it. */
public abstract class AbstractAppMojo extends AbstractImageMojo {

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

    /**
     * JVM options of the container's {@code java} command, separated by spaces. Default: {@code
     * -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError}, plus {@code -XX:TieredStopAtLevel=1} (C1 only) when
     * {@code goaws.cpu} is below 1024 (one vCPU); see {@code ImageConfig.defaultJvmFlags}.
     */
    @Parameter(property = "goaws.jvmFlags")
    private String jvmFlags;

    /** The numeric, non-root {@code uid[:gid]} the app runs as. */
    @Parameter(property = "goaws.imageUser", defaultValue = ImageConfig.DEFAULT_USER)
    private String imageUser;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Component
    private ProjectDependenciesResolver dependenciesResolver;

    @Component
    private ProjectBuilder projectBuilder;

    /** The app to package, resolved when asked (after the jar is built). */
    protected Supplier<AppInput> appInput() {
        var app = new MavenAppInput(session, project, projectBuilder, dependenciesResolver, getLog());
        return () -> app.resolve(appJar, appModule, mainClass, appAssets);
    }

    /** The app's jar: {@code goaws.appJar}, else this project's. */
    protected java.nio.file.Path appJarPath() {
        return appJar != null ? appJar.toPath()
                : java.nio.file.Path.of(project.getBuild().getDirectory(), project.getBuild().getFinalName() + ".jar");
    }

    /** {@code auto} (podman, else a running Docker daemon), {@code podman}, {@code docker}, a path, or {@code none}. */
    @Parameter(property = "goaws.containerEngine", defaultValue = "auto")
    protected String containerEngine;

    /**
     * Extra flags for the engine's {@code run}, separated by spaces, for what this host needs beyond the detected
     * ones (podman gets explicit ulimits, and {@code --runtime runc} on hybrid cgroups), e.g.
     * {@code --cgroup-manager=cgroupfs}.
     */
    @Parameter(property = "goaws.containerArgs")
    private String containerArgs;

    /** {@code goaws.containerArgs} as a list. */
    protected java.util.List<String> containerArgs() {
        return containerArgs == null || containerArgs.isBlank() ? java.util.List.of()
                : java.util.List.of(containerArgs.trim().split("\\s+"));
    }

    /** Base image, JVM flags, port and user of the container. */
    protected ImageConfig imageConfig() {
        return new ImageConfig(baseImage, ImageConfig.jvmFlags(jvmFlags, cpu), containerPort, imageUser);
    }
}
