package io.webwaka.config.sdk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The evaluations of one flag in one metrics batch. Immutable.
 *
 * @param variants evaluations that served each variant (non-zero counts only)
 * @param errors evaluations that failed (reason {@code ERROR}: unknown flag, type mismatch, broken
 *     flag, no snapshot yet)
 * @param unserved evaluations that served no variant (a disabled flag without off-variant, no
 *     default serve): the caller's default was used
 */
record FlagCounts(Map<String, Long> variants, long errors, long unserved) {

    /** Freezes the variants. */
    FlagCounts {
        variants = Collections.unmodifiableMap(new LinkedHashMap<>(variants));
    }

    boolean isEmpty() {
        return variants.isEmpty() && errors == 0 && unserved == 0;
    }

    /**
     * The JSON object of the metrics contract: {@code {"variants": {…}, "errors": n}}, plus {@code
     * "unserved": n} only when some evaluations served no variant.
     */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("variants", variants);
        json.put("errors", errors);
        if (unserved != 0) {
            json.put("unserved", unserved);
        }
        return json;
    }
}
