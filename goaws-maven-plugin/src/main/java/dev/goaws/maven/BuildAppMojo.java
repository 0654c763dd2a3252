package dev.goaws.maven;

import dev.goaws.core.image.AppBuild;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

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
public class BuildAppMojo extends AbstractAppMojo {

    /** In Jib mode, push the image now and print its {@code @sha256:} reference. */
    @Parameter(property = "goaws.push", defaultValue = "false")
    private boolean push;

    /** Also write the image as an OCI tarball to this file (any mode; needs no Docker). */
    @Parameter(property = "goaws.imageTar")
    private File imageTar;

    @Override
    protected void run() {
        AppBuild.run(appBuildRequest(push, imageTar == null ? null : imageTar.toPath()));
    }
}
