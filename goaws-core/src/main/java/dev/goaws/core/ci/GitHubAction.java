package dev.goaws.core.ci;

/**
 * The only actions the generated workflow uses, published by GitHub and AWS, each pinned to the full commit of a
 * release tag: a tag can be moved to other code, a commit cannot. The version goes into a comment beside the SHA
 * (where Dependabot and Renovate look for it). The SHAs are the tags' commits in the actions' repositories.
 */
public enum GitHubAction {
    CHECKOUT("actions/checkout", "v7.0.1", "3d3c42e5aac5ba805825da76410c181273ba90b1"),
    SETUP_JAVA("actions/setup-java", "v5.7.0", "b6effb05e454b25005698d916606bdc6ffcbf961"),
    CONFIGURE_AWS_CREDENTIALS("aws-actions/configure-aws-credentials", "v6.2.3",
            "e6de054238d6b7531b4efff3b6587d9aade6a06c");

    private final String repository;
    private final String version;
    private final String commit;

    GitHubAction(String repository, String version, String commit) {
        this.repository = repository;
        this.version = version;
        this.commit = commit;
    }

    public String repository() {
        return repository;
    }

    public String version() {
        return version;
    }

    public String commit() {
        return commit;
    }

    /** The value of a step's {@code uses:} with its version comment. */
    public String uses() {
        return repository + "@" + commit + " # " + version;
    }
}
