package io.webwaka.config.engine;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The naming rules for keys, shared by the server (which enforces them on write) and the SDK.
 *
 * <ul>
 *   <li><b>Item keys</b> (configs, and later flags and secrets): dotted names of one or more segments
 *       separated by {@code .}; each segment starts with a letter or digit and continues with
 *       letters, digits, {@code _} or {@code -}. At most {@value #MAX_ITEM_KEY_LENGTH} characters.
 *       Case-sensitive. Examples: {@code db.pool.max-size}, {@code checkout.retry_count}.
 *   <li><b>Project and environment keys</b>: lower-case letters, digits and {@code -}, starting with
 *       a letter or digit, at most {@value #MAX_SLUG_LENGTH} characters. Examples: {@code
 *       checkout}, {@code prod-eu}.
 * </ul>
 *
 * <p>Thread-safe (stateless).
 */
public final class Keys {
    /** The longest item key accepted. */
    public static final int MAX_ITEM_KEY_LENGTH = 200;

    /** The longest project or environment key accepted. */
    public static final int MAX_SLUG_LENGTH = 63;

    private static final Pattern ITEM_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9][A-Za-z0-9_-]*)*");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private Keys() {}

    /** Why {@code key} is not a valid item key, or empty if it is valid. */
    public static Optional<String> itemKeyProblem(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.of("the key is empty");
        }
        if (key.length() > MAX_ITEM_KEY_LENGTH) {
            return Optional.of("the key is " + key.length() + " characters long; the limit is " + MAX_ITEM_KEY_LENGTH);
        }
        if (!ITEM_KEY.matcher(key).matches()) {
            return Optional.of("'" + key + "' is not a valid key: use dot-separated segments of letters, digits,"
                    + " '_' and '-', each starting with a letter or digit (e.g. db.pool.max-size)");
        }
        return Optional.empty();
    }

    /** Why {@code key} is not a valid project or environment key, or empty if it is valid. */
    public static Optional<String> slugProblem(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.of("the key is empty");
        }
        if (key.length() > MAX_SLUG_LENGTH) {
            return Optional.of("the key is " + key.length() + " characters long; the limit is " + MAX_SLUG_LENGTH);
        }
        if (!SLUG.matcher(key).matches()) {
            return Optional.of("'" + key + "' is not a valid key: use lower-case letters, digits and '-',"
                    + " starting with a letter or digit (e.g. prod-eu)");
        }
        return Optional.empty();
    }
}
