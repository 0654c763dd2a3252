package dev.goaws.maven;

import dev.goaws.core.deploy.AwsHotswap;
import dev.goaws.core.watch.Watcher;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * The fast inner loop: keeps running, and after each change of the sources rebuilds the jar (a child
 * {@code mvn -q package -DskipTests}), publishes the image (Jib pushes only the changed layer) and updates the
 * container stack's service by hotswap, the way {@code deploy-container -Dgoaws.hotswap=true} does. This JVM
 * stays warm between changes: the synthesizer, the cdk CLI check and Jib's layer caches. A failed build prints
 * the compiler's errors and waits for the next change; Ctrl-C ends it. CloudFormation's template stays behind
 * (drift) until a deploy without hotswap: for development stages only. For the local cloud:
 * {@code goaws:up -Dgoaws.watch=true}.
 */
@Mojo(name = "watch", threadSafe = true, requiresDependencyResolution = ResolutionScope.RUNTIME)
public class WatchMojo extends AbstractWatchMojo {

    @Override
    protected boolean hotswap() {
        return true;
    }

    @Override
    protected void run() {
        var service = new AwsHotswap(appInput(), imageConfig(), imageRequest(), deployRequest(settings()));
        Watcher.run(watchRequest(service, true));
    }
}
