package dev.goaws.core.watch;

import dev.goaws.core.deploy.AwsHotswap;


import dev.goaws.core.GoawsException;

/**
 * The running service that {@code goaws:watch} brings up to date after each build: the container stack's ECS
 * service in AWS ({@code deploy.AwsHotswap}), or the local cloud's tasks.
 */
public interface ServiceUpdate {
    /** Where the updates go, for the log, e.g. {@code goaws-container in aws://123456789012/eu-central-1}. */
    String describe();

    /** Packages the freshly built jar into an image and makes the service run it; says what it did. */
    void update() throws GoawsException;
}
