package dev.goaws.core;

import java.util.regex.Pattern;

/**
 * The public load balancer: HTTPS with a certificate (and the name users reach it under), and access logs.
 * Validates itself on creation.
 *
 * @param certificateArn  {@code goaws.certificateArn}; null: plain HTTP on port 80
 * @param domainName      {@code goaws.domainName}; null: the load balancer's own name
 * @param accessLogBucket {@code goaws.accessLogBucket}; null: no access logs
 */
public record LoadBalancerSettings(String certificateArn, String domainName, String accessLogBucket) {

    private static final Pattern CERTIFICATE_ARN = Pattern.compile(
            "arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+");
    private static final Pattern DOMAIN_NAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    // Last: the defaults are validated like any other value, with the patterns above.
    public static final LoadBalancerSettings DEFAULTS = new LoadBalancerSettings(null, null, null);

    public LoadBalancerSettings {
        certificateArn = Strings.blankToNull(certificateArn);
        domainName = Strings.blankToNull(domainName);
        accessLogBucket = Strings.blankToNull(accessLogBucket);
        Settings.require("goaws.certificateArn", certificateArn == null
                        || CERTIFICATE_ARN.matcher(certificateArn).matches(),
                "'" + certificateArn + "' is not an ACM certificate ARN, e.g."
                        + " arn:aws:acm:eu-central-1:123456789012:certificate/0a1b2c3d-...; it must be in the"
                        + " region of the stack.");
        Settings.require("goaws.domainName", domainName == null || certificateArn != null,
                "domainName is only used with HTTPS: set goaws.certificateArn to a certificate for "
                        + domainName + " too.");
        Settings.require("goaws.domainName", domainName == null || DOMAIN_NAME.matcher(domainName).matches(),
                "'" + domainName + "' is not a lower-case DNS name such as app.example.com.");
        Settings.require("goaws.accessLogBucket", accessLogBucket == null
                        || BUCKET_NAME.matcher(accessLogBucket).matches(),
                "'" + accessLogBucket + "' is not an S3 bucket name (3-63 lower-case letters, digits, '.', '-').");
    }

    /** True when the ALB terminates HTTPS with {@link #certificateArn()} (and redirects HTTP to it). */
    public boolean https() {
        return certificateArn != null;
    }
}
