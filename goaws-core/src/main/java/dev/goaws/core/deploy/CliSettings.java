package dev.goaws.core.deploy;

import dev.goaws.core.SettingChoice;
import dev.goaws.core.InvalidSettingException;
import java.nio.file.Path;
import java.util.List;

/**
 * How the user wants the cdk CLI found and run, as configured; {@link Deployment#open} validates it.
 *
 * @param executable      {@code goaws.cdkExecutable}, or null
 * @param version         {@code goaws.cdkVersion}: the version installed when no suitable CLI is on the PATH
 * @param fromPath        {@code goaws.cdkFromPath}
 * @param cache           where pinned CLIs are installed (beside the local Maven repository)
 * @param offline         Maven's offline mode: npm installs from its cache only
 * @param requireApproval {@code goaws.requireApproval}
 * @param deployMethod    {@code goaws.deployMethod}, or null for the target's default
 * @param bootstrap       {@code goaws.bootstrap}: bootstrap an environment that is not, instead of failing
 * @param hotswap         {@code goaws.hotswap}: update the container stack's service directly where the CLI can
 *                        ({@code --hotswap-fallback}: CloudFormation for everything else)
 */
public record CliSettings(String executable, String version, boolean fromPath, Path cache, boolean offline,
        String requireApproval, String deployMethod, boolean bootstrap, boolean hotswap) {

    /** The cdk CLI version goaws installs when no suitable {@code cdk} is on the PATH. */
    public static final String DEFAULT_VERSION = "2.1148.1";
    private static final List<String> APPROVALS = List.of("never", "any-change", "broadening");

    public CliSettings {
        if (executable != null && executable.isBlank()) {
            executable = null;
        }
        if (deployMethod != null && deployMethod.isBlank()) {
            deployMethod = null;
        }
    }

    /** The same settings, bootstrapping an environment that is not (the local cloud's emulator never is). */
    public CliSettings withBootstrap() {
        return new CliSettings(executable, version, fromPath, cache, offline, requireApproval, deployMethod, true,
                hotswap);
    }

    /** Refuses a bad value before anything is called: a typo costs nothing. */
    public void check(AwsTarget target) {
        pinned();
        approval();
        method(target);
    }

    /** The pinned version, or the setting's error. */
    CliVersion pinned() {
        return CliVersion.find(version).orElseThrow(() -> new InvalidSettingException("goaws.cdkVersion",
                "'" + version + "' is not a version such as " + DEFAULT_VERSION + "."));
    }

    String approval() {
        if (!APPROVALS.contains(requireApproval)) {
            throw new InvalidSettingException("goaws.requireApproval", "'" + requireApproval + "'. Allowed: "
                    + String.join(", ", APPROVALS) + ".");
        }
        return requireApproval;
    }

    /** Change sets against AWS (reviewable, the CLI's default), direct against an emulator. */
    Deployment.Method method(AwsTarget target) {
        if (deployMethod == null) {
            return target.emulated() ? Deployment.Method.DIRECT : Deployment.Method.CHANGE_SET;
        }
        return SettingChoice.parse("goaws.deployMethod", "a deploy method", deployMethod, Deployment.Method.values(),
                Deployment.Method::cli, null, "");
    }
}
