package dev.goaws.maven;

import dev.goaws.core.watch.AwsHotswap;
import dev.goaws.core.watch.JarBuild;
import dev.goaws.core.watch.Watcher;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * The fast inner loop: keeps running, and after each change of the sources rebuilds the jar (a child
 * {@code mvn -q package -DskipTests}), publishes the image (Jib pushes only the changed layer) and updates the
 * container stack's service by hotswap, the way {@code deploy-container -Dgoaws.hotswap=true} does. This JVM
 * stays warm between changes: the synthesizer, the cdk CLI check and Jib's layer caches. A failed build prints
 * the compiler's errors and waits for the next change; Ctrl-C ends it. CloudFormation's template stays behind
 * (drift) until a deploy without hotswap: for development stages only.
 */
@Mojo(name = "watch", threadSafe = true, requiresDependencyResolution = ResolutionScope.RUNTIME)
public class WatchMojo extends AbstractAppMojo {

    /** What triggers a build, files or directories. Default: {@code src/main} and {@code pom.xml} of the project. */
    @Parameter(property = "goaws.watchPaths")
    private List<File> watchPaths;

    /**
     * How long (ms) the files must stay unchanged after a change before the build starts: a save of several
     * files, a {@code git checkout}, is one build.
     */
    @Parameter(property = "goaws.watchQuietMillis", defaultValue = "300")
    private long watchQuietMillis;

    @Override
    protected boolean hotswap() {
        return true;
    }

    @Override
    protected void run() {
        Path basedir = project.getBasedir().toPath();
        List<Path> sources = watchPaths == null || watchPaths.isEmpty()
                ? List.of(basedir.resolve("src/main"), basedir.resolve("pom.xml"))
                : watchPaths.stream().map(File::toPath).toList();
        Path jar = Path.of(project.getBuild().getDirectory(), project.getBuild().getFinalName() + ".jar");
        File settings = session.getRequest().getUserSettingsFile();
        JarBuild build = JarBuild.maven(Path.of(System.getProperty("maven.home")), project.getFile().toPath(),
                settings != null && settings.isFile() ? settings.toPath() : null,
                Path.of(session.getRepositorySession().getLocalRepository().getBasedir().getPath()),
                session.isOffline());
        var service = new AwsHotswap(appInput(), imageConfig(), imageRequest(), deployRequest(settings()));
        Watcher.run(new Watcher.Request(sources, jar, build, service, Duration.ofMillis(200),
                Duration.ofMillis(watchQuietMillis), reporter()));
    }
}
