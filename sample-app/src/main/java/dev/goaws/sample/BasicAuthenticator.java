package dev.goaws.sample;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Checks an HTTP Basic {@code Authorization} header (RFC 7617) against one configured user.
 * Any malformed header simply fails; nothing here throws on client input.
 */
public final class BasicAuthenticator {

    /** Longer headers are rejected before decoding: no real credential needs more. */
    static final int MAX_HEADER_LENGTH = 4096;
    private static final String SCHEME = "basic";

    private final byte[] expectedDigest;

    public BasicAuthenticator(String username, String password) {
        // Digesting "user:password" makes the comparison constant-time over equal-length inputs,
        // whatever the lengths of the configured and the presented credentials.
        this.expectedDigest = sha256(username + ":" + password);
    }

    public boolean isAuthorized(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.length() > MAX_HEADER_LENGTH) {
            return false;
        }
        String header = authorizationHeader.strip();
        int space = header.indexOf(' ');
        if (space <= 0 || !header.substring(0, space).equalsIgnoreCase(SCHEME)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(space + 1).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        if (decoded.indexOf(':') < 0) {
            return false;
        }
        return MessageDigest.isEqual(expectedDigest, sha256(decoded));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
