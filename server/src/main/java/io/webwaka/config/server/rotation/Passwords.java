package io.webwaka.config.server.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.internal.ApiException.FieldError;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Random values for the {@code random} and {@code postgresql} rotators: a length and the character
 * classes to draw from ({@code upper}, {@code lower}, {@code digit}, {@code symbol}). Every class
 * asked for appears at least once; the rest are drawn uniformly from the union, then the order is
 * shuffled — all from {@link SecureRandom}. Symbols leave out quotes, backslash, space and {@code
 * $}, so a value survives shells, connection strings and config files. Immutable; thread-safe.
 *
 * @param length how many characters
 * @param classes the classes, in the order given
 */
record Passwords(int length, List<String> classes) {
    static final int MIN_LENGTH = 8;
    static final int MAX_LENGTH = 4096;
    static final Map<String, String> ALPHABETS = Map.of(
            "upper", "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "lower", "abcdefghijklmnopqrstuvwxyz",
            "digit", "0123456789",
            "symbol", "!#%&()*+,-./:;<=>?@[]^_{|}~");

    private static final SecureRandom RANDOM = new SecureRandom();

    Passwords {
        classes = List.copyOf(classes);
    }

    /**
     * The policy in {@code rotator} ({@code length}, {@code classes}), with defaults for what is
     * missing; problems are added to {@code errors} under {@code prefix}.
     */
    static Passwords parse(ObjectNode rotator, String prefix, Passwords defaults, List<FieldError> errors) {
        int length = defaults.length();
        JsonNode l = rotator.get("length");
        if (l != null && !l.isNull()) {
            if (!l.canConvertToInt() || !l.isIntegralNumber() || l.asInt() < MIN_LENGTH || l.asInt() > MAX_LENGTH) {
                errors.add(new FieldError(
                        prefix + "length",
                        "\"length\" must be a whole number from " + MIN_LENGTH + " to " + MAX_LENGTH));
            } else {
                length = l.asInt();
            }
        }
        List<String> classes = defaults.classes();
        JsonNode c = rotator.get("classes");
        if (c != null && !c.isNull()) {
            Set<String> given = new LinkedHashSet<>();
            boolean ok = c.isArray() && !c.isEmpty();
            for (JsonNode each : c) {
                ok &= each.isTextual() && ALPHABETS.containsKey(each.asText()) && given.add(each.asText());
            }
            if (!ok) {
                errors.add(new FieldError(
                        prefix + "classes",
                        "\"classes\" must be a non-empty list of distinct \"upper\", \"lower\", \"digit\","
                                + " \"symbol\""));
            } else {
                classes = List.copyOf(given);
            }
        }
        return new Passwords(length, classes);
    }

    /** Writes the policy into a normalised rotator document. */
    void writeTo(ObjectNode rotator) {
        rotator.put("length", length);
        classes.forEach(rotator.withArray("classes")::add);
    }

    /** A new random value. */
    String generate() {
        StringBuilder all = new StringBuilder();
        List<Character> chars = new ArrayList<>(length);
        for (String c : classes) {
            String alphabet = ALPHABETS.get(c);
            all.append(alphabet);
            chars.add(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        while (chars.size() < length) {
            chars.add(all.charAt(RANDOM.nextInt(all.length())));
        }
        java.util.Collections.shuffle(chars, RANDOM);
        StringBuilder out = new StringBuilder(length);
        chars.forEach(out::append);
        return out.toString();
    }
}
