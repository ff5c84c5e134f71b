package io.webwaka.config.server.properties;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.ServerOptions;
import io.webwaka.config.server.WakaServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Properties of revisions over the real HTTP API: for random sequences of change sets, rolling an
 * environment back to revision k makes its snapshot equal to the snapshot at k (and leaves the
 * other environments alone), and applying diff(a, b) to the snapshot at a gives the snapshot at b.
 * One server (SQLite) serves all tries; each try works in a project of its own.
 */
class RevisionPropertiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "property-admin-token-0123456789";
    private static final List<String> KEYS = List.of("a", "b", "c.d", "e-f");
    private static final List<String> LAYERS = java.util.Arrays.asList(null, "dev", "prod");
    private static final AtomicInteger PROJECTS = new AtomicInteger();

    private static WakaServer server;
    private static Path dir;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One operation of a generated change set. */
    record Op(boolean set, String env, String key, int value) {
        ObjectNode json() {
            ObjectNode o = JSON.createObjectNode();
            o.put("op", set ? "set" : "delete").put("kind", "config").put("key", key);
            if (env != null) {
                o.put("environment", env);
            }
            if (set) {
                o.set(
                        "value",
                        value % 2 == 0
                                ? JSON.getNodeFactory().numberNode(value)
                                : JSON.getNodeFactory().textNode("v" + value));
            }
            return o;
        }
    }

    @BeforeContainer
    static void start() throws IOException {
        dir = Files.createTempDirectory("wakacfg-props");
        server = WakaServer.start(ServerOptions.builder()
                .port(0)
                .dataDir(dir)
                .bootstrapAdminToken(TOKEN)
                .build());
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    @Provide
    Arbitrary<List<List<Op>>> history() {
        Arbitrary<Op> op = Combinators.combine(
                        Arbitraries.of(true, true, true, false),
                        Arbitraries.of(LAYERS),
                        Arbitraries.of(KEYS),
                        Arbitraries.integers().between(0, 5))
                .as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(3).list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 40)
    void rollbackToK_snapshotEqualsSnapshotAtK(
            @ForAll("history") List<List<Op>> changes, @ForAll("envs") String env, @ForAll("fractions") double at)
            throws Exception {
        String p = newProject();
        long head = apply(p, changes);
        long k = Math.round(at * head);
        Map<String, JsonNode> others = snapshotsOfOthers(p, env, head);
        JsonNode target = configs(p, env, k);
        JsonNode rolled = call(
                "POST",
                "/api/v1/projects/" + p + "/environments/" + env + "/rollback",
                JSON.createObjectNode().put("toRevision", k));
        assertThat(rolled.get("revision").asLong()).isEqualTo(head + 1);
        assertThat(configs(p, env, head + 1)).isEqualTo(target);
        assertThat(snapshotsOfOthers(p, env, head + 1)).isEqualTo(others);
        // History is not rewritten: the snapshot at the old head is still what it was.
        assertThat(configs(p, env, head)).isEqualTo(configs(p, env, head));
    }

    @Property(tries = 40)
    void applyDiffAToB_onSnapshotA_givesSnapshotB(
            @ForAll("history") List<List<Op>> changes,
            @ForAll("envs") String env,
            @ForAll("fractions") double fa,
            @ForAll("fractions") double fb)
            throws Exception {
        String p = newProject();
        long head = apply(p, changes);
        long a = Math.round(fa * head);
        long b = Math.round(fb * head);
        ObjectNode snapshotA = (ObjectNode) configs(p, env, a).deepCopy();
        JsonNode diff =
                call("GET", "/api/v1/projects/" + p + "/environments/" + env + "/diff?from=" + a + "&to=" + b, null);
        diff.get("removed").fieldNames().forEachRemaining(snapshotA::remove);
        diff.get("added").properties().forEach(e -> snapshotA.set(e.getKey(), e.getValue()));
        diff.get("changed").properties().forEach(e -> {
            assertThat(snapshotA.get(e.getKey())).isEqualTo(e.getValue().get("old"));
            snapshotA.set(e.getKey(), e.getValue().get("new"));
        });
        assertThat(snapshotA).isEqualTo(configs(p, env, b));
    }

    @Provide
    Arbitrary<String> envs() {
        return Arbitraries.of("dev", "staging", "prod");
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 1);
    }

    private static String newProject() throws Exception {
        String key = "prop-" + PROJECTS.incrementAndGet();
        call("POST", "/api/v1/projects", JSON.createObjectNode().put("key", key));
        return key;
    }

    /** Applies the change sets; rejected ones (e.g. deleting what is absent) must change nothing. */
    private static long apply(String p, List<List<Op>> changes) throws Exception {
        long head = 0;
        for (List<Op> change : changes) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode ops = body.putArray("ops");
            change.forEach(op -> ops.add(op.json()));
            HttpResponse<String> r = send("POST", "/api/v1/projects/" + p + "/changes", body);
            if (r.statusCode() == 201) {
                long revision = JSON.readTree(r.body()).get("revision").asLong();
                assertThat(revision).isEqualTo(head + 1);
                head = revision;
            } else {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
                assertThat(call("GET", "/api/v1/projects/" + p, null)
                                .get("revision")
                                .asLong())
                        .isEqualTo(head);
            }
        }
        return head;
    }

    private static Map<String, JsonNode> snapshotsOfOthers(String p, String env, long revision) throws Exception {
        Map<String, JsonNode> out = new java.util.TreeMap<>();
        for (String other : List.of("dev", "staging", "prod")) {
            if (!other.equals(env)) {
                out.put(other, configs(p, other, revision));
            }
        }
        return out;
    }

    private static JsonNode configs(String p, String env, long revision) throws Exception {
        return call("GET", "/api/v1/projects/" + p + "/environments/" + env + "/snapshot?revision=" + revision, null)
                .get("configs");
    }

    private static JsonNode call(String method, String path, JsonNode body) throws Exception {
        HttpResponse<String> r = send(method, path, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> send(String method, String path, JsonNode body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
