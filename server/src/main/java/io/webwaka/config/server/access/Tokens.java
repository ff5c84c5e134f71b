package io.webwaka.config.server.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Token generation and hashing. Tokens carry a recognisable prefix ({@code wkc_adm_} for admin
 * tokens, {@code wkc_sdk_} for SDK keys) so secret scanners can find leaked ones, then 256 random
 * bits. Only the SHA-256 hash is stored: tokens are random and long, so a slow password hash adds
 * nothing and would cost every request. Thread-safe.
 */
public final class Tokens {
    /** The prefix of admin API tokens. */
    public static final String ADMIN_PREFIX = "wkc_adm_";

    /** The prefix of SDK keys. */
    public static final String SDK_PREFIX = "wkc_sdk_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {}

    /** A new random token with the given prefix. */
    public static String generate(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of a token: {@code sha256:<hex>}. */
    public static String hash(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return "sha256:" + HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
