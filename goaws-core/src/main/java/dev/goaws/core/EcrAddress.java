package dev.goaws.core;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reading of ECR addresses: a private registry host {@code <account>.dkr.ecr.<region>.amazonaws.com}
 * (also FIPS and the China partition) and an image pushed there by digest, as goaws:build-app pushes it.
 */
public record EcrAddress(String account, String region) {
    private static final String HOST = "(\\d{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?";
    private static final Pattern HOST_ONLY = Pattern.compile(HOST);
    private static final Pattern IMAGE_BY_DIGEST = Pattern.compile(HOST + "/([a-z0-9._/-]+)@(sha256:[a-f0-9]{64})");

    /** An image in a private ECR repository, pinned by digest. */
    public record Image(EcrAddress registry, String repository, String digest) { }

    /** The registry of {@code host}, if it is an ECR host. */
    public static Optional<EcrAddress> ofHost(String host) {
        Matcher m = host == null ? null : HOST_ONLY.matcher(host);
        return m != null && m.matches() ? Optional.of(new EcrAddress(m.group(1), m.group(2))) : Optional.empty();
    }

    /** The ECR image of {@code reference}, if it is {@code <ecr host>/<repository>@sha256:<digest>}. */
    public static Optional<Image> ofImage(String reference) {
        Matcher m = reference == null ? null : IMAGE_BY_DIGEST.matcher(reference);
        return m != null && m.matches()
                ? Optional.of(new Image(new EcrAddress(m.group(1), m.group(2)), m.group(3), m.group(4)))
                : Optional.empty();
    }
}
