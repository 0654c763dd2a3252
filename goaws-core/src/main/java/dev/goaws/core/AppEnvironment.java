package dev.goaws.core;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The app's side of the contract: the environment variables the task gives the container (the container stack
 * sets them; the local cloud and the class-data training run give the same names).
 */
public final class AppEnvironment {
    /** The port the app listens on. */
    public static final String PORT = "PORT";
    public static final String REGION = "AWS_REGION";
    /** The SSM parameter that holds the table's name. */
    public static final String TABLE_PARAMETER = "GOAWS_TABLE_PARAMETER";
    /** The HTTP Basic login, from the Secrets Manager secret. */
    public static final String USERNAME = "GOAWS_USERNAME";
    public static final String PASSWORD = "GOAWS_PASSWORD";
    /** The interface the app listens on (default: all): 127.0.0.1 wherever it shares this machine's network. */
    public static final String BIND_ADDRESS = "GOAWS_BIND_ADDRESS";

    private AppEnvironment() {
    }

    /**
     * For a run that must reach nothing (the class-data training run): the contract's names with a throwaway
     * login (random, never logged, gone with the container), listening on 127.0.0.1 only (the run shares the
     * host's network), and every AWS call sent to a closed local port with the instance metadata service off, so
     * no credentials of the build machine are ever found or used.
     */
    public static Map<String, String> isolated(int port, String region, String tableParameter) {
        byte[] password = new byte[18];
        new SecureRandom().nextBytes(password);
        Map<String, String> environment = new TreeMap<>();
        environment.put(PORT, Integer.toString(port));
        environment.put(BIND_ADDRESS, "127.0.0.1");
        environment.put(REGION, region);
        environment.put(TABLE_PARAMETER, tableParameter);
        environment.put(USERNAME, "training");
        environment.put(PASSWORD, Base64.getUrlEncoder().withoutPadding().encodeToString(password));
        environment.put("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        return environment;
    }
}
