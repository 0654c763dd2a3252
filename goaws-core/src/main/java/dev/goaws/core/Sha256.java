package dev.goaws.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the digest behind goaws's content keys (image tags, synthesis inputs, packaged files). */
public final class Sha256 {
    private Sha256() {
    }

    /** A fresh digest; every JVM has SHA-256, so its absence is a broken JVM, not a user error. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lower-case hex of what {@code digest} has consumed. */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Lower-case hex of the UTF-8 bytes of {@code text}. */
    public static String hex(String text) {
        MessageDigest digest = digest();
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        return hex(digest);
    }
}
