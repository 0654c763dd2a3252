package dev.goaws.maven;

import dev.goaws.core.watch.JarBuild;
import dev.goaws.core.watch.ServiceUpdate;
import dev.goaws.core.watch.Watcher;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.maven.plugins.annotations.Parameter;

/** What the goals with the inner loop share ({@code watch}, {@code up -Dgoaws.watch=true}): what is watched, and the build. */
public abstract class AbstractWatchMojo extends AbstractAppMojo {

    /** What triggers a build, files or directories. Default: {@code src/main} and {@code pom.xml} of the project. */
    @Parameter(property = "goaws.watchPaths")
    private List<File> watchPaths;

    /**
     * How long (ms) the files must stay unchanged after a change before the build starts: a save of several
     * files, a {@code git checkout}, is one build.
     */
    @Parameter(property = "goaws.watchQuietMillis", defaultValue = "300")
    private long watchQuietMillis;

    /**
     * The loop around {@code service}: the project's sources watched, the jar rebuilt by a child
     * {@code mvn -q package -DskipTests} with this session's settings, local repository and offline mode.
     */
    protected Watcher.Request watchRequest(ServiceUpdate service, boolean updateFirst) {
        Path basedir = project.getBasedir().toPath();
        List<Path> sources = watchPaths == null || watchPaths.isEmpty()
                ? List.of(basedir.resolve("src/main"), basedir.resolve("pom.xml"))
                : watchPaths.stream().map(File::toPath).toList();
        File settings = session.getRequest().getUserSettingsFile();
        JarBuild build = JarBuild.maven(Path.of(System.getProperty("maven.home")), project.getFile().toPath(),
                settings != null && settings.isFile() ? settings.toPath() : null,
                Path.of(session.getRepositorySession().getLocalRepository().getBasedir().getPath()),
                session.isOffline());
        return new Watcher.Request(sources, appJarPath(), build, service, Duration.ofMillis(200),
                Duration.ofMillis(watchQuietMillis), updateFirst, reporter());
    }
}
