package io.webwaka.config.engine.flags;

import java.util.Map;

/** Checks references to a flag's variants (serve, offVariant, weights, prerequisites). Stateless. */
final class Variants {
    private Variants() {}

    /** The variant named by a string member, or {@code null} after reporting (missing, not a string, unknown). */
    static String reference(
            Map<String, Object> object,
            String member,
            boolean required,
            FlagDefinition flag,
            Problems.Scope scope,
            String path) {
        String variant = Members.string(object, member, required, scope, path);
        return variant != null && check(variant, flag, scope, path + "/" + member) ? variant : null;
    }

    /** Whether {@code flag} has the variant; reports an unknown one (skipped when the flag's variants were unreadable). */
    static boolean check(String variant, FlagDefinition flag, Problems.Scope scope, String path) {
        if (flag.variants().containsKey(variant)) {
            return true;
        }
        if (flag.valid()) {
            scope.report(
                    path,
                    "unknown variant \"" + variant + "\" of flag \"" + flag.key() + "\"; it has "
                            + flag.variants().keySet());
        }
        return false;
    }
}
