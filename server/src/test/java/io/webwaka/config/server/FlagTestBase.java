package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link ApiTestBase} plus the flag endpoints: definitions, targeting, segments, evaluate. */
abstract class FlagTestBase extends ApiTestBase {

    static String flagPath(String p, String key) {
        return project(p) + "/flags/" + key;
    }

    static String targetingPath(String p, String e, String key) {
        return env(p, e) + "/flags/" + key;
    }

    static String segmentPath(String p, String key) {
        return project(p) + "/segments/" + key;
    }

    /** PUTs a flag definition, asserts 200, returns the new revision. */
    long putFlag(String p, String key, Object definition) {
        return ok(server.put(flagPath(p, key), definition), "PUT flag " + key);
    }

    /** PUTs a flag's targeting in an environment, asserts 200, returns the new revision. */
    long putTargeting(String p, String e, String key, Object targeting) {
        return ok(server.put(targetingPath(p, e, key), targeting), "PUT targeting " + e + "/" + key);
    }

    /** PUTs a segment, asserts 200, returns the new revision. */
    long putSegment(String p, String key, Object segment) {
        return ok(server.put(segmentPath(p, key), segment), "PUT segment " + key);
    }

    /** POSTs a change set, asserts 201, returns the new revision. */
    long applyChanges(String p, List<? extends Map<String, Object>> ops) {
        HttpResult r = server.post(project(p) + "/changes", FlagDocs.changeSet(ops));
        assertThat(r.status()).as("POST changes: %s", r).isEqualTo(201);
        return r.json().get("revision").asLong();
    }

    /** The plain evaluation of one flag for a context. */
    JsonNode evaluate(String p, String e, String flag, Object context) {
        return evaluateRaw(p, e, Map.of("flag", flag, "context", context));
    }

    /** The explanation of one flag for a context. */
    JsonNode explain(String p, String e, String flag, Object context) {
        return evaluateRaw(p, e, Map.of("flag", flag, "context", context, "explain", true));
    }

    /** POSTs an evaluate request body and asserts 200. */
    JsonNode evaluateRaw(String p, String e, Map<String, Object> body) {
        HttpResult r = server.post(env(p, e) + "/evaluate", new LinkedHashMap<>(body));
        assertThat(r.status()).as("evaluate %s: %s", body, r).isEqualTo(200);
        return r.json();
    }

    private static long ok(HttpResult r, String what) {
        assertThat(r.status()).as("%s: %s", what, r).isEqualTo(200);
        return r.json().get("revision").asLong();
    }
}
