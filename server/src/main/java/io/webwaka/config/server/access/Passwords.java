package io.webwaka.config.server.access;

import io.webwaka.config.server.internal.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashing with Argon2id (Bouncy Castle) in the PHC string format, {@code
 * $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, and the password policy. The parameters are
 * OWASP's first recommendation (19 MiB, 2 passes, 1 lane); they are stored with each hash, so
 * raising them later keeps old hashes verifiable. Thread-safe.
 */
public final class Passwords {
    /** The shortest password accepted. */
    public static final int MIN_LENGTH = 12;

    /** The longest password accepted (Argon2 takes any length; this bounds the work per login). */
    public static final int MAX_LENGTH = 256;

    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    /** A hash of a throwaway password, verified against when a login names no account (same cost). */
    private static final String DUMMY = hash("not a real password, only for timing");

    private Passwords() {}

    /**
     * The problems of a new password under the policy (empty if it is acceptable): at least {@value
     * #MIN_LENGTH} and at most {@value #MAX_LENGTH} characters, not the account name, not one
     * repeated character.
     */
    public static List<String> problems(String password, String accountName) {
        List<String> problems = new ArrayList<>();
        if (password.length() < MIN_LENGTH) {
            problems.add("the password must have at least " + MIN_LENGTH + " characters (a passphrase works well)");
        }
        if (password.length() > MAX_LENGTH) {
            problems.add("the password must have at most " + MAX_LENGTH + " characters");
        }
        if (password.toLowerCase(Locale.ROOT).contains(accountName.toLowerCase(Locale.ROOT))) {
            problems.add("the password must not contain the account name");
        }
        if (!password.isEmpty() && password.chars().distinct().count() == 1) {
            problems.add("the password must not be one repeated character");
        }
        return problems;
    }

    /** Throws a 422 naming the field if {@code password} breaks the policy. */
    public static void requireAcceptable(String field, String password, String accountName) {
        List<String> problems = problems(password, accountName);
        if (!problems.isEmpty()) {
            throw ApiException.invalid(field, String.join("; ", problems));
        }
    }

    /** The Argon2id hash of {@code password} with a fresh random salt, in PHC string form. */
    public static String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] out = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /**
     * Whether {@code password} matches {@code phc}; a malformed stored hash never matches. Compares
     * in constant time.
     */
    public static boolean verify(String password, String phc) {
        String[] parts = phc.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) {
            return false;
        }
        try {
            int m = 0;
            int t = 0;
            int p = 0;
            for (String kv : parts[3].split(",")) {
                String[] pair = kv.split("=", 2);
                int value = Integer.parseInt(pair[1]);
                switch (pair[0]) {
                    case "m" -> m = value;
                    case "t" -> t = value;
                    case "p" -> p = value;
                    default -> {
                        return false;
                    }
                }
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            if (m < 8 || m > (1 << 20) || t < 1 || t > 16 || p < 1 || p > 16 || expected.length < 16) {
                return false;
            }
            return MessageDigest.isEqual(expected, derive(password, salt, m, t, p, expected.length));
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return false;
        }
    }

    /** Spends the time of one verification, for logins that name no account (no user enumeration). */
    public static void verifyDummy(String password) {
        verify(password, DUMMY);
    }

    private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int lanes, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(lanes)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
