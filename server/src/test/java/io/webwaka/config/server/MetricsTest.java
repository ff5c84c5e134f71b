package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.webwaka.config.store.testing.StoreKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code GET /metrics}: every family the README documents appears after its activity. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class MetricsTest extends ApiTestBase {

    private String scrape() {
        HttpResult r = server.call("GET", "/metrics").token(null).send();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain");
        return r.body();
    }

    @Test
    void metrics_afterRequests_hasHttpHistogramByRouteTemplate() {
        String p = newProject();
        server.get(project(p));

        String text = scrape();

        assertThat(text)
                .contains("# TYPE http_server_requests_seconds histogram")
                .containsPattern("http_server_requests_seconds_bucket\\{[^}]*method=\"GET\"[^}]*status=\"200\""
                        + "[^}]*uri=\"/api/v1/projects/\\{project}\"")
                .doesNotContain("uri=\"/api/v1/projects/" + p + "\"");
    }

    @Test
    void metrics_clientSnapshots_includingTheFastPath_areInTheHttpHistogram() {
        String p = newProject();
        putDefault(p, "a", 1);
        String key = sdkKey(p, "prod");
        HttpResult first =
                server.call("GET", "/api/v1/client/snapshot").token(key).send();
        HttpResult second =
                server.call("GET", "/api/v1/client/snapshot").token(key).send();
        HttpResult notModified = server.call("GET", "/api/v1/client/snapshot")
                .token(key)
                .header("If-None-Match", second.headers().firstValue("ETag").orElseThrow())
                .send();
        assertThat(List.of(first.status(), second.status(), notModified.status()))
                .containsExactly(200, 200, 304);

        String text = scrape();

        assertThat(text)
                .containsPattern(
                        "http_server_requests_seconds_count\\{method=\"GET\",outcome=\"SUCCESS\",status=\"200\","
                                + "uri=\"/api/v1/client/snapshot\"} [2-9]")
                .containsPattern("http_server_requests_seconds_count\\{method=\"GET\",outcome=\"REDIRECTION\","
                        + "status=\"304\",uri=\"/api/v1/client/snapshot\"} [1-9]");
    }

    @Test
    void metrics_afterRollback_countsItsWritesAsCommitted() {
        String p = newProject();
        putOverride(p, "prod", "a", 1);
        putOverride(p, "prod", "a", 2);
        assertThat(server.post(env(p, "prod") + "/rollback", Map.of("toRevision", 1))
                        .status())
                .isEqualTo(201);

        assertThat(scrape())
                .containsPattern(
                        "wakacfg_config_changes_total\\{environment=\"prod\",kind=\"config\",outcome=\"committed\","
                                + "project=\"" + p + "\"} 3\\.0");
    }

    @Test
    void metrics_unknownPath_sharesOneNotFoundLabel() {
        server.get("/no/such/path/12345");

        assertThat(scrape()).contains("uri=\"NOT_FOUND\"").doesNotContain("/no/such/path/12345");
    }

    @Test
    void metrics_afterChanges_countsCommittedAndConflictByProjectEnvironmentKind() {
        String p = newProject();
        putOverride(p, "dev", "timeout", 30);
        HttpResult stale = server.post(
                project(p) + "/changes",
                Map.of(
                        "expectedRevision",
                        0,
                        "ops",
                        List.of(Map.of("op", "set", "kind", "config", "environment", "dev", "key", "k", "value", 1))));
        assertThat(stale.status()).isEqualTo(409);

        String text = scrape();

        assertThat(text)
                .containsPattern(
                        "wakacfg_config_changes_total\\{environment=\"dev\",kind=\"config\",outcome=\"committed\","
                                + "project=\"" + p + "\"} 1\\.0")
                .containsPattern("wakacfg_config_changes_total\\{environment=\"dev\",kind=\"config\","
                        + "outcome=\"conflict\",project=\"" + p + "\"} 1\\.0")
                .contains("wakacfg_snapshot_build_seconds_count");
    }

    @Test
    void metrics_afterBadToken_countsSecurityEventAndLeaksNoToken() {
        HttpResult r =
                server.call("GET", PROJECTS).token("not-a-real-token-xyz").send();
        assertThat(r.status()).isEqualTo(401);

        String text = scrape();

        assertThat(text).containsPattern("wakacfg_security_events_total\\{type=\"[a-z.-]+\"} [1-9]");
        assertThat(text).doesNotContain("not-a-real-token-xyz").doesNotContain(TestServer.ADMIN_TOKEN);
    }

    @Test
    void metrics_always_hasStreamsPoolJvmProcessAndDiskFamilies() {
        String text = scrape();

        assertThat(text)
                .contains("wakacfg_sse_streams ")
                .contains("hikaricp_connections_active")
                .contains("hikaricp_connections_max")
                .contains("jvm_memory_used_bytes")
                .contains("jvm_threads_live_threads")
                .contains("jvm_gc_")
                .contains("process_cpu_usage")
                .contains("system_cpu_count")
                .contains("process_uptime_seconds")
                .contains("disk_free_bytes");
    }

    @Test
    void metrics_afterAStreamReceivesAChange_hasStreamTrafficAndPublishToSendLatency() {
        String p = newProject();
        putDefault(p, "greeting", "hello");
        String key = sdkKey(p, "prod");
        try (SseTestClient c = SseTestClient.open(server.uri("/api/v1/client/stream"), key, null)) {
            assertThat(c.next(java.time.Duration.ofSeconds(10)).event()).isEqualTo("snapshot");
            putOverride(p, "prod", "greeting", "hi");
            assertThat(c.next(java.time.Duration.ofSeconds(10)).event()).isEqualTo("change");
        }
        String text = scrape();

        assertThat(text)
                .containsPattern("wakacfg_sse_events_sent_total [1-9]")
                .containsPattern("wakacfg_sse_snapshots_sent_total [1-9]")
                .contains("wakacfg_sse_resyncs_total ")
                .contains("wakacfg_sse_queued_events ")
                .containsPattern("wakacfg_sse_publish_to_send_seconds_count [1-9]")
                .contains("wakacfg_sse_publish_to_send_seconds_bucket{le=")
                .contains("wakacfg_client_drift_events_total ")
                .contains("wakacfg_client_instances{status=\"behind\"}");
    }
}
