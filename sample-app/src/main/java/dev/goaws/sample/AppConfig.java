package dev.goaws.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The app's environment contract (sample-app/README.md, the table at the top). AWS settings are not here:
 * the SDK's default chain reads {@code AWS_REGION}, {@code AWS_ENDPOINT_URL} and credentials itself.
 */
public record AppConfig(int port, String username, String password, String tableParameter, String bindAddress) {

    public static final String PORT = "PORT";
    public static final String USERNAME = "GOAWS_USERNAME";
    public static final String PASSWORD = "GOAWS_PASSWORD";
    public static final String TABLE_PARAMETER = "GOAWS_TABLE_PARAMETER";
    /** Optional: the interface to listen on. A container needs all of them; goaws:up uses loopback only. */
    public static final String BIND_ADDRESS = "GOAWS_BIND_ADDRESS";
    public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_TABLE_PARAMETER = "/go-on-aws/table";

    /** Thrown when the environment cannot run the app; the message names what to set. */
    public static final class InvalidConfigException extends RuntimeException {
        InvalidConfigException(String message) {
            super(message);
        }
    }

    public static AppConfig fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String username = env.get(USERNAME);
        String password = env.get(PASSWORD);
        if (username == null || username.isBlank()) {
            problems.add(USERNAME + " is not set");
        } else if (username.contains(":")) {
            // RFC 7617: the user-id cannot contain a colon, so such a user could never log in.
            problems.add(USERNAME + " must not contain ':'");
        }
        if (password == null || password.isEmpty()) {
            problems.add(PASSWORD + " is not set");
        }
        int port = DEFAULT_PORT;
        String portText = env.get(PORT);
        if (portText != null && !portText.isBlank()) {
            try {
                port = Integer.parseInt(portText.trim());
                if (port < 0 || port > 65535) {
                    problems.add(PORT + " must be between 0 and 65535, got " + port);
                }
            } catch (NumberFormatException e) {
                problems.add(PORT + " must be a number, got '" + portText + "'");
            }
        }
        String tableParameter = env.getOrDefault(TABLE_PARAMETER, "");
        if (tableParameter.isBlank()) {
            tableParameter = DEFAULT_TABLE_PARAMETER;
        }
        String bindAddress = env.getOrDefault(BIND_ADDRESS, "").trim();
        if (bindAddress.isEmpty()) {
            bindAddress = DEFAULT_BIND_ADDRESS;
        } else if (!bindAddress.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            problems.add(BIND_ADDRESS + " must be an IP address such as 127.0.0.1, got '" + bindAddress + "'");
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException("Refusing to start: " + String.join("; ", problems)
                    + ". Basic auth credentials come from the environment only and have no defaults"
                    + " (in AWS, ECS injects them from the app's secret).");
        }
        return new AppConfig(port, username, password, tableParameter, bindAddress);
    }

    /** Never print the password (records print every component by default). */
    @Override
    public String toString() {
        return "AppConfig[port=" + port + ", username=" + username + ", tableParameter=" + tableParameter
                + ", bindAddress=" + bindAddress + "]";
    }
}
