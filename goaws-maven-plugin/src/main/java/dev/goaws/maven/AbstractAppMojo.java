package dev.goaws.maven;

import dev.goaws.core.image.AppInput;
import dev.goaws.core.image.ImageConfig;
import dev.goaws.core.image.JlinkBaseImage;
import java.io.File;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.ProjectBuilder;
import org.apache.maven.project.ProjectDependenciesResolver;

/**
 * What the goals that package the app share (watch and up; build-app has its own copy, see {@link AppPackaging}):
 * which jar is the app, and the container around it.
 */
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

    /**
     * The base image: a registry image of a JRE 17 or newer with {@code java} on the PATH (default: Temurin's JRE of
     * {@code goaws.javaVersion}, {@code public.ecr.aws/docker/library/eclipse-temurin:25-jre}); {@code
     * tar://<absolute path>} of an image tarball (Jib only); or {@code jlink}: a JRE base made on this machine, no
     * registry or daemon needed (Linux only; Jib only) — a {@code jlink} runtime of a local JDK
     * ({@code goaws.jdkHome}, else one of {@code goaws.javaVersion}) with its CDS archive and the glibc files it
     * links against, cached under the local Maven repository ({@code dev/goaws/jlink-jre}) and made again only when
     * that JDK or glibc changes.
     */
    @Parameter(property = "goaws.baseImage")
    private String baseImage;

    /**
     * The Java release the image runs: 17, 21 or 25 (default 25). It picks the default base image's tag and the
     * JDK a {@code jlink} base is linked from (unset: a JDK 25 when one is installed, else the JDK running Maven).
     * The app's bytecode level is the build's own and does not change.
     */
    @Parameter(property = "goaws.javaVersion")
    private Integer javaVersion;

    /**
     * The JDK a {@code goaws.baseImage=jlink} base is linked from. Default: a JDK of {@code goaws.javaVersion} found
     * on this machine ({@code java.home}, {@code JAVA_HOME}, {@code /usr/lib/jvm}, …).
     */
    @Parameter(property = "goaws.jdkHome")
    private File jdkHome;

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

    /** The app group's values. */
    protected AppPackaging.App app() {
        return new AppPackaging.App(appJar, appModule, mainClass, appAssets, baseImage, javaVersion, jdkHome, jvmFlags,
                imageUser);
    }

    /** The app to package, resolved when asked (after the jar is built). */
    protected Supplier<AppInput> appInput() {
        return app().input(packagingGoal().maven());
    }

    /** The app's jar: {@code goaws.appJar}, else this project's. */
    protected Path appJarPath() {
        return app().jarPath(project);
    }

    /** What the packaging needs of this goal's Maven and AWS context. */
    protected AppPackaging.Goal packagingGoal() {
        return AppPackaging.Goal.of(this, project, projectBuilder, dependenciesResolver);
    }

    /**
     * {@link #imageConfig()} with a {@code jlink} base made (or taken from its cache): for the goals that package
     * the app again without build-app (the watch loops).
     */
    protected ImageConfig builtImageConfig() {
        ImageConfig config = imageConfig();
        return config.jlinkBase()
                ? config.withBaseImage(ImageConfig.TAR_PREFIX + JlinkBaseImage.image(app().jlink(session), getLog()::info))
                : config;
    }

    /** Base image, JVM flags, port and user of the container. */
    protected ImageConfig imageConfig() {
        return app().imageConfig(cpu, containerPort);
    }
}
