package dev.goaws.maven;

import dev.goaws.core.Naming;
import dev.goaws.core.Reporter;
import dev.goaws.core.Workspace;
import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.engine.ContainerEngine;
import dev.goaws.core.engine.DockerDaemon;
import dev.goaws.core.image.AppBuild;
import dev.goaws.core.image.AppInput;
import dev.goaws.core.image.ClassDataTraining;
import dev.goaws.core.image.ImageBuilderMode;
import dev.goaws.core.image.ImageConfig;
import dev.goaws.core.image.ImagePublisher;
import dev.goaws.core.image.Jdk;
import dev.goaws.core.image.JlinkBaseImage;
import java.io.File;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.ProjectBuilder;
import org.apache.maven.project.ProjectDependenciesResolver;

/**
 * The app-packaging parameters' values as records, and the one logic made of them. Maven composes a goal's
 * parameters only from its Mojo's class chain: {@link BuildAppMojo}, which synthesizes no stacks, declares its own
 * copy of these fields, and the chain of up and watch ({@link AbstractAppMojo}, {@link UpMojo}) the other;
 * {@code PluginDescriptorTest} checks that both copies describe each parameter alike.
 */
final class AppPackaging {

    /** What is packaged and the container around it ({@code goaws.appJar} ... {@code goaws.imageUser}). */
    record App(File appJar, String appModule, String mainClass, File appAssets, String baseImage, Integer javaVersion,
            File jdkHome, String jvmFlags, String imageUser) {

        /** Base image, JVM flags (picked for the task's CPU when unset), port and user of the container. */
        ImageConfig imageConfig(int taskCpu, int containerPort) {
            Integer java = ImageConfig.requireJavaVersion(javaVersion);
            String base = baseImage != null && !baseImage.isBlank() ? baseImage.trim()
                    : ImageConfig.defaultBaseImage(java == null ? ImageConfig.DEFAULT_JAVA_VERSION : java);
            return new ImageConfig(base, ImageConfig.jvmFlags(jvmFlags, taskCpu), containerPort, imageUser);
        }

        /** Which JDK a {@code jlink} base is linked from, cached under the local Maven repository. */
        JlinkBaseImage.Settings jlink(MavenSession session) {
            Jdk jdk = JlinkBaseImage.selectJdk(jdkHome == null ? null : jdkHome.toPath(), javaVersion,
                    System.getProperty("java.home"), System.getenv());
            return new JlinkBaseImage.Settings(jdk, Path.of(
                    session.getRepositorySession().getLocalRepository().getBasedir().getPath(), "dev", "goaws",
                    "jlink-jre"));
        }

        /** The app to package, resolved when asked (after the jar is built). */
        Supplier<AppInput> input(MavenAppInput maven) {
            return () -> maven.resolve(appJar, appModule, mainClass, appAssets);
        }

        /** The app's jar: {@code goaws.appJar}, else the project's. */
        Path jarPath(MavenProject project) {
            return appJar != null ? appJar.toPath()
                    : Path.of(project.getBuild().getDirectory(), project.getBuild().getFinalName() + ".jar");
        }
    }

    /** The task's shape as the image needs it: its port, its size (the training run's limits) and health check. */
    record Task(int containerPort, int cpu, int memoryMiB, String healthCheckPath) {
    }

    /**
     * The start-up cache ({@code goaws.startupCache}, its former name, the training requests) and the container
     * engine that runs the training.
     */
    record StartupCache(Boolean startupCache, Boolean classDataSharing, String trainingPaths, int trainingRequests,
            String containerEngine, String containerArgs) {
    }

    /** Who builds the image and where it goes ({@code goaws.imageBuilder} ... {@code goaws.imageDirectory}). */
    record Image(File imageDirectory, String imageBuilder, String prebuiltImage, String imageRepository,
            boolean allowInsecureRegistries, File jibCache) {

        ImagePublisher.Request request(Path outputDirectory) {
            return new ImagePublisher.Request(imageDirectory.toPath(), ImageBuilderMode.parse(imageBuilder),
                    prebuiltImage, imageRepository, allowInsecureRegistries, jibCache == null ? null : jibCache.toPath(),
                    new Workspace(outputDirectory).jibCache(),
                    ImagePublisher.dockerConfig(System.getenv(), System.getProperty("user.home")));
        }
    }

    private AppPackaging() {
    }

    /** What {@code goaws:build-app} does (and {@code goaws:up} when build-app's context is missing or stale). */
    static AppBuild.Request buildRequest(Goal goal, App app, Task task, StartupCache cache, Image image, boolean push,
            Path imageTar) {
        ImagePublisher.Request imageRequest = image.request(goal.outputDirectory());
        return new AppBuild.Request(app.input(goal.maven()), app.imageConfig(task.cpu(), task.containerPort()),
                imageRequest, push, imageTar, goal.outputDirectory(), () -> goal.target().get().connect().ecr(),
                DockerDaemon::isReachable,
                AppBuild.StartupCacheMode.of(cache.startupCache(), cache.classDataSharing(), goal.reporter()::warn),
                () -> ClassDataTraining.forTask(cache.trainingPaths(), cache.trainingRequests(),
                        task.healthCheckPath(), goal.region(), goal.naming().tableParameter(), task.cpu(),
                        task.memoryMiB(), () -> ContainerEngine.detect(cache.containerEngine(),
                                ContainerEngine.parseExtraArgs(cache.containerArgs()))),
                () -> app.jlink(goal.session()), goal.reporter());
    }

    /**
     * The goal's Maven and AWS context the packaging needs.
     *
     * @param target the configured AWS target, made only when ECR is pushed to
     * @param region {@code goaws.region}, the training run's (it calls no AWS API: any region will do)
     * @param naming the stacks' names: the training run gets the task's table parameter
     */
    record Goal(MavenSession session, MavenAppInput maven, Path outputDirectory, Supplier<AwsTarget> target,
            String region, Naming naming, Reporter reporter) {

        /** The context of {@code mojo}, a goal that packages {@code project}'s app (build-app, up, watch). */
        static Goal of(AbstractTargetMojo mojo, MavenProject project, ProjectBuilder projectBuilder,
                ProjectDependenciesResolver resolver) {
            return new Goal(mojo.session, new MavenAppInput(mojo.session, project, projectBuilder, resolver,
                    mojo.getLog()), mojo.outputDirectory.toPath(), mojo::target, mojo.region, mojo.naming(),
                    mojo.reporter());
        }
    }
}
