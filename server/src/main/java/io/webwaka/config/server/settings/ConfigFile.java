package io.webwaka.config.server.settings;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.webwaka.config.server.ServerException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A loaded {@code wakacfg.yml}: nested sections whose leaves are the settings of {@link Setting}.
 * Read with Jackson's streaming YAML parser so every problem can name its line: an unknown key
 * (with the nearest known one), a list or a section where a value belongs, a value of the wrong
 * kind, a key given twice. Immutable.
 */
public final class ConfigFile {
    /** No file: every setting falls through to its default. */
    public static final ConfigFile NONE = new ConfigFile(null, Map.of(), Set.of(), List.of());

    private final Path path;
    private final Map<Setting, String> values;
    private final Set<Setting> given;
    private final List<String> warnings;

    private ConfigFile(Path path, Map<Setting, String> values, Set<Setting> given, List<String> warnings) {
        this.path = path;
        this.values = values.isEmpty() ? Map.of() : new EnumMap<>(values);
        this.given = Set.copyOf(given);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Reads and checks a settings file.
     *
     * @throws ServerException naming the file and line of the first problem
     */
    public static ConfigFile load(Path path) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        Set<Setting> given = EnumSet.noneOf(Setting.class);
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8);
                JsonParser p = new YAMLFactory().createParser(in)) {
            JsonToken first = p.nextToken();
            if (first != null && first != JsonToken.VALUE_NULL) {
                if (first != JsonToken.START_OBJECT) {
                    throw problem(path, p, "expected sections such as 'server:' and 'store:' at the top");
                }
                readSection(path, p, "", values, given);
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ServerException(path + ": malformed YAML" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ServerException("cannot read the settings file " + path.toAbsolutePath() + ": " + e, e);
        }
        return new ConfigFile(path, values, given, permissionWarnings(path, values));
    }

    /** The file, if one was read. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /** The value the file gives this setting, if it gives one (blank values count as not given). */
    public Optional<String> value(Setting s) {
        return Optional.ofNullable(values.get(s));
    }

    /** The settings the file names, with a value or blank. */
    public Set<Setting> given() {
        return given;
    }

    /** Warnings for the operator, e.g. secrets in a file others can read. */
    public List<String> warnings() {
        return warnings;
    }

    private static void readSection(
            Path path, JsonParser p, String prefix, Map<Setting, String> values, Set<Setting> seen) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = prefix + p.currentName();
            int line = p.currentTokenLocation().getLineNr();
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT) {
                if (Setting.byKey(key).isPresent()) {
                    throw problem(path, line, "'" + key + "' takes a single value, not a section");
                }
                requireSection(path, line, key);
                readSection(path, p, key + ".", values, seen);
            } else if (value == JsonToken.VALUE_NULL && Setting.byKey(key).isEmpty()) {
                requireSection(path, line, key); // a section with every setting commented out
            } else if (value == JsonToken.START_ARRAY) {
                throw problem(path, line, "'" + key + "' takes a single value, not a list");
            } else {
                Setting s = Setting.byKey(key).orElseThrow(() -> unknown(path, line, key));
                if (!seen.add(s)) {
                    throw problem(path, line, "'" + key + "' is given twice");
                }
                String text = value == JsonToken.VALUE_NULL ? "" : p.getText().trim();
                if (!text.isEmpty()) {
                    String bad = Settings.checkKind(s, text);
                    if (bad != null) {
                        throw problem(path, line, "'" + key + "' " + bad);
                    }
                    values.put(s, text);
                }
            }
        }
    }

    private static void requireSection(Path path, int line, String key) {
        boolean known = Arrays.stream(Setting.values()).anyMatch(s -> s.key().startsWith(key + "."));
        if (!known) {
            throw unknown(path, line, key);
        }
    }

    private static ServerException unknown(Path path, int line, String key) {
        return problem(
                path,
                line,
                "unknown setting '" + key + "'"
                        + nearest(key)
                                .map(k -> "; did you mean '" + k + "'?")
                                .orElse(" (the settings are listed in deploy/wakacfg.yml.example)"));
    }

    /** The known key nearest to a mistyped one: same last part in another section, else a small edit away. */
    static Optional<String> nearest(String key) {
        String leaf = key.substring(key.lastIndexOf('.') + 1);
        List<String> known = new ArrayList<>();
        for (Setting s : Setting.values()) {
            known.add(s.key());
            if (s.key().endsWith("." + leaf)) {
                return Optional.of(s.key());
            }
        }
        return known.stream()
                .filter(k -> distance(k, key) <= Math.max(3, key.length() / 3))
                .min(Comparator.comparingInt(k -> distance(k, key)));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int subst = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(subst, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static ServerException problem(Path path, JsonParser p, String message) {
        return problem(path, p.currentTokenLocation().getLineNr(), message);
    }

    private static ServerException problem(Path path, int line, String message) {
        return new ServerException(path + " line " + line + ": " + message, null);
    }

    private static List<String> permissionWarnings(Path path, Map<Setting, String> values) {
        List<String> secrets = values.keySet().stream()
                .filter(s -> s.kind() == Setting.Kind.SECRET)
                .map(Setting::key)
                .toList();
        if (secrets.isEmpty()) {
            return List.of();
        }
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(path);
        } catch (UnsupportedOperationException | IOException e) {
            return List.of(); // not a POSIX file system: nothing to check
        }
        if (!perms.contains(PosixFilePermission.GROUP_READ) && !perms.contains(PosixFilePermission.OTHERS_READ)) {
            return List.of();
        }
        return List.of("warning: " + path + " holds secrets (" + String.join(", ", secrets)
                + ") and can be read by its group or by others: chmod 600 it, or move the secrets to the"
                + " environment (an EnvironmentFile readable by root only)");
    }
}
