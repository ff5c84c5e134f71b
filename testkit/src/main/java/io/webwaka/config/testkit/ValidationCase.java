package io.webwaka.config.testkit;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One compile-time validation case: compiling the inputs must report exactly the {@link
 * #problems()} listed (as a set of JSON pointers), each message containing the expected text. The
 * server's write validation must answer 422 naming the same problems.
 *
 * @param file the resource file, e.g. {@code validation.json}
 * @param name the case's name, unique within its file
 * @param definitions flag key → definition
 * @param targeting flag key → targeting
 * @param segments segment key → segment
 * @param problems the expected problems; empty for an input that must compile cleanly
 */
public record ValidationCase(
        String file,
        String name,
        Map<String, Object> definitions,
        Map<String, Object> targeting,
        Map<String, Object> segments,
        List<ExpectedProblem> problems) {

    /** Checks the components. */
    public ValidationCase {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definitions, "definitions");
        Objects.requireNonNull(targeting, "targeting");
        Objects.requireNonNull(segments, "segments");
        problems = List.copyOf(problems);
    }

    /** {@code file: name}, for test display names. */
    public String displayName() {
        return file + ": " + name;
    }

    /**
     * An expected problem.
     *
     * @param pointer the JSON pointer into the whole input, {@code /flags/<key>…}, {@code
     *     /targeting/<key>…} or {@code /segments/<key>…}, e.g. {@code /targeting/f/rules/0/when/0/op}
     * @param messageContains text the problem's message contains (case-insensitive); empty to skip
     */
    public record ExpectedProblem(String pointer, String messageContains) {}
}
