package dev.goaws.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Where the container stack takes its image from. */
public sealed interface ImageSource {

    /** A pushed image, e.g. {@code 123456789012.dkr.ecr.eu-central-1.amazonaws.com/app@sha256:...}. */
    record Registry(String reference) implements ImageSource {
        // Loose on purpose: registry host[:port]/path[:tag][@digest]; the registry itself is the judge.
        private static final Pattern REFERENCE = Pattern.compile(
                "[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._/-][a-z0-9]+)*)*(:[\\w][\\w.-]{0,127})?(@sha256:[a-f0-9]{64})?");

        public Registry {
            if (reference == null || !REFERENCE.matcher(reference).matches()) {
                throw new InvalidSettingException("goaws.image", "'" + reference
                        + "' is not an image reference. Expected e.g. public.ecr.aws/docker/library/nginx:1.27"
                        + " or <registry>/<repository>@sha256:<digest>.");
            }
        }
    }

    /** A Docker build context (with a Dockerfile) that the cdk CLI builds and publishes at deploy time. */
    record Directory(Path path) implements ImageSource {
        public Directory {
            if (path == null || !Files.isRegularFile(path.resolve("Dockerfile"))) {
                throw new InvalidSettingException("goaws.imageDirectory", "No Dockerfile in " + path
                        + ". Run 'mvn goaws:build-app' first, or point goaws.imageDirectory at a Docker build context.");
            }
        }
    }
}
