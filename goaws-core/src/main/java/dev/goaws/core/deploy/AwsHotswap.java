package dev.goaws.core.deploy;

import dev.goaws.core.watch.ServiceUpdate;

import dev.goaws.core.GoawsException;
import dev.goaws.core.ImageSource;
import dev.goaws.core.StackKind;
import dev.goaws.core.image.AppInput;
import dev.goaws.core.image.AppPackager;
import dev.goaws.core.image.ImageConfig;
import dev.goaws.core.image.ImagePublisher;
import java.util.List;
import java.util.function.Supplier;

/**
 * The container stack's ECS service, updated by a hotswap deploy: the jar is packaged into the dist directory,
 * the image published (Jib pushes only the layers the registry lacks: after a code change the app's own jar),
 * and the cdk CLI registers a new task definition revision and points the service at it
 * ({@code --hotswap-fallback}; CloudFormation's template stays behind until a deploy without hotswap).
 *
 * @param app    the app to package, asked at each update (the jar is rebuilt between updates)
 * @param config base image, JVM flags, port and user of the container
 * @param image  the dist directory and how to publish it
 * @param deploy the deploy request; its {@link dev.goaws.core.deploy.CliSettings} must hotswap
 */
public record AwsHotswap(Supplier<AppInput> app, ImageConfig config, ImagePublisher.Request image,
        DeployGoals.Request deploy) implements ServiceUpdate {

    public AwsHotswap {
        if (!deploy.cli().hotswap()) {
            throw new IllegalArgumentException("goaws:watch updates the service by hotswap only");
        }
    }

    @Override
    public String describe() {
        return deploy.settings().naming().stackPrefix() + "-container"
                + (deploy.target().emulated() ? " at " + deploy.target().endpoint() : "") + " (hotswap)";
    }

    @Override
    public void update() throws GoawsException {
        AppInput input = app.get();
        AppPackager.pack(input, config, image.distDirectory());
        DeployGoals.Request request = new DeployGoals.Request(
                deploy.settings().toBuilder().image(new ImageSource.Directory(image.distDirectory())).build(),
                deploy.target(), deploy.cli(), deploy.outputDirectory(), deploy.assemblies(), deploy.reporter());
        DeployGoals.deploy(request, List.of(StackKind.CONTAINER), image);
    }
}
