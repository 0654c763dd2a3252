package dev.goaws.maven;

import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.deploy.ServiceSecrets;
import dev.goaws.core.local.LocalCloud;
import java.io.Console;
import java.util.function.Function;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Sets the value of one declared secret ({@code goaws.secrets}) for the current stage: an SSM
 * {@code SecureString} or a Secrets Manager secret, as declared. The value is read from the console with echo off,
 * or in batch mode from the environment variable {@code goaws.secretValueFrom} names; never from a {@code -D}
 * value. Without {@code goaws.secretName}, lists the declared secrets, whether each exists and when it last
 * changed (never a value). With {@code goaws.local=true}, against the running local cloud ({@code goaws:up}).
 */
@Mojo(name = "secret", threadSafe = true)
public class SecretMojo extends AbstractStacksMojo {

    /** The variable name of the declared secret to set, e.g. {@code DB_PASSWORD}. Unset: list the secrets. */
    @Parameter(property = "goaws.secretName")
    private String secretName;

    /**
     * The name of an environment variable that holds the value (batch mode, CI), e.g.
     * {@code -Dgoaws.secretValueFrom=DB_PASSWORD_VALUE}. Unset: the value is typed at the console, not echoed.
     */
    @Parameter(property = "goaws.secretValueFrom")
    private String secretValueFrom;

    /**
     * Never set this: a value on the command line stays in the shell's history and is visible in the process
     * list, so goaws refuses it and says the two ways that work (the console, or {@code goaws.secretValueFrom}).
     */
    @Parameter(property = "goaws.secretValue")
    private String secretValue;

    /** Set the secret in the running local cloud's AWS ({@code goaws:up} in this project) instead. */
    @Parameter(property = "goaws.local", defaultValue = "false")
    private boolean local;

    @Override
    protected void run() {
        var settings = settings();
        boolean valueGiven = secretValue != null;
        AwsTarget target = valueGiven || !local ? target() : LocalCloud.runningTarget(target(), outputDirectory.toPath());
        Console console = System.console();
        Function<String, char[]> prompt = session.getRequest().isInteractiveMode() && console != null
                ? text -> console.readPassword("%s", text) : null;
        ServiceSecrets.run(new ServiceSecrets.Request(settings, target, blankToNull(secretName),
                blankToNull(secretValueFrom), valueGiven, prompt, System.getenv(),
                ServiceSecrets.command(settings, target, local), reporter()));
    }

    private static String blankToNull(String value) {
        return dev.goaws.core.Strings.blankToNull(value);
    }
}
