package dev.goaws.core.image;

/** What a build actually does, as {@link ImageBuilderMode#decide} settles it. */
public enum BuildDecision {
    /** {@code goaws.image} names an image that exists already: nothing is built. */
    PREBUILT,
    /** The cdk CLI builds the dist directory's Dockerfile at deploy time (a CDK image asset). */
    DOCKER,
    /** goaws builds and pushes the image itself with Jib. */
    JIB
}
