package dev.goaws.maven;

import dev.goaws.core.image.AppBuild;
import dev.goaws.core.image.DockerDaemon;
import dev.goaws.core.image.ImageConfig;
import java.io.File;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.ProjectBuilder;
import org.apache.maven.project.ProjectDependenciesResolver;

/**
 * Packages the app into a container image context, {@code target/goaws/dist}: the app as a jar plus
 * {@code lib/} (dependencies split out of a shaded jar, so they form their own image layer), its assets and a
 * Dockerfile (JRE 17, non-root user, container-aware JVM flags, {@code EXPOSE} of the port).
 *
 * <p>With a Docker daemon, deploy-container builds that directory as a CDK image asset. Without one (Jib mode)
 * the same image can be built here with no Docker at all: {@code -Dgoaws.push=true} (or a
 * {@code goaws.imageRepository}) pushes it to ECR — of the account and region of {@code goaws.profile},
 * {@code goaws.region} and {@code goaws.endpoint} — or another registry and prints its digest reference;
 * {@code goaws.imageTar} writes an OCI tarball.
 */
@Mojo(name = "build-app", threadSafe = true, requiresDependencyResolution = ResolutionScope.RUNTIME)
public class BuildAppMojo extends AbstractImageMojo {

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
    protected void run() {
        ImageConfig config = new ImageConfig(baseImage, ImageConfig.jvmFlags(jvmFlags, cpu), containerPort, imageUser);
        var image = imageRequest();
        var app = new MavenAppInput(session, project, projectBuilder, dependenciesResolver, getLog());
        // ECR of the configured target (profile, region, endpoint), connected only when ECR is pushed to.
        AppBuild.run(new AppBuild.Request(() -> app.resolve(appJar, appModule, mainClass, appAssets), config, image, push, imageTar == null ? null : imageTar.toPath(),
                outputDirectory.toPath(), () -> target().connect().ecr(), DockerDaemon::isReachable, reporter()));
    }
}
