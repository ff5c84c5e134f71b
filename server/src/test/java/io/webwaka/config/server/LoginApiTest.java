package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.server.access.AccessPolicy;
import io.webwaka.config.store.testing.StoreKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Password login, lockout, per-address rate limit, browser sessions, CSRF, logout, timeouts. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class LoginApiTest extends ApiTestBase {
    private static final String PASSWORD = "correct horse battery staple";
    private static final AtomicInteger USERS = new AtomicInteger();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));

    @Override
    UnaryOperator<ServerOptions.Builder> options() {
        // 3 failures lock an account for 10 minutes; 5 min idle, 1 h absolute. (All tests log in from
        // 127.0.0.1: the per-address limit is tested on a server of its own.)
        return b -> b.clock(clock).accessPolicy(policy(1000));
    }

    private static AccessPolicy policy(int perSource) {
        return new AccessPolicy(
                3,
                Duration.ofMinutes(10),
                Duration.ofMinutes(10),
                perSource,
                Duration.ofMinutes(5),
                Duration.ofHours(1),
                false);
    }

    /** Creates a user with a viewer role on {@code project} (or global viewer when null). */
    private String newUser(String project) {
        String name = "user" + USERS.incrementAndGet();
        Map<String, Object> role =
                project == null ? Map.of("role", "viewer") : Map.of("role", "operator", "project", project);
        HttpResult r = server.post("/api/v1/users", Map.of("name", name, "password", PASSWORD, "roles", List.of(role)));
        assertThat(r.status()).as("create user: %s", r).isEqualTo(201);
        return name;
    }

    private HttpResult login(String name, String password, String source) {
        return server.call("POST", "/api/v1/login")
                .token(null)
                .header("X-Request-Id", source)
                .json(Map.of("name", name, "password", password))
                .send();
    }

    private static String cookieOf(HttpResult r) {
        String setCookie = r.header("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void login_rightPassword_setsStrictHttpOnlyCookie_andSessionWorks() {
        String name = newUser(null);

        HttpResult r = login(name, PASSWORD, "login-ok");

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        String setCookie = r.header("Set-Cookie").orElseThrow();
        assertThat(setCookie)
                .startsWith("wakacfg_session=")
                .contains("HttpOnly")
                .containsIgnoringCase("SameSite=Strict");
        assertThat(setCookie).doesNotContain("Secure"); // plain HTTP, no --secure-cookies
        assertThat(r.json().get("csrfToken").asText()).hasSizeGreaterThan(30);

        HttpResult me = server.call("GET", "/api/v1/me")
                .token(null)
                .header("Cookie", cookieOf(r))
                .send();
        assertThat(me.status()).as("%s", me).isEqualTo(200);
        assertThat(me.json().get("name").asText()).isEqualTo(name);
        assertThat(me.json().get("auth").asText()).isEqualTo("session");
        assertThat(me.json().get("csrfToken").asText())
                .isEqualTo(r.json().get("csrfToken").asText());
        assertThat(audit("action=session.login").stream()
                        .anyMatch(e -> e.get("actor").asText().equals(name)))
                .isTrue();
    }

    @Test
    void sessionChange_withoutCsrfToken_is403_withIt_succeeds() {
        String p = newProject();
        String name = newUser(p);
        HttpResult r = login(name, PASSWORD, "csrf");
        String cookie = cookieOf(r);
        String csrf = r.json().get("csrfToken").asText();

        HttpResult without = server.call("PUT", project(p) + "/configs/a")
                .token(null)
                .header("Cookie", cookie)
                .json(Map.of("value", 1))
                .send();
        HttpResult wrong = server.call("PUT", project(p) + "/configs/a")
                .token(null)
                .header("Cookie", cookie)
                .header("X-CSRF-Token", "forged")
                .json(Map.of("value", 1))
                .send();
        HttpResult with = server.call("PUT", project(p) + "/configs/a")
                .token(null)
                .header("Cookie", cookie)
                .header("X-CSRF-Token", csrf)
                .json(Map.of("value", 2))
                .send();

        assertProblem(without, 403);
        assertProblem(wrong, 403);
        assertThat(with.status()).as("%s", with).isEqualTo(200);
        assertThat(server.get(project(p) + "/configs/a").json().get("value").asInt())
                .isEqualTo(2);
        assertThat(audit("action=auth.csrf-rejected").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void logout_endsTheSession() {
        String name = newUser(null);
        HttpResult r = login(name, PASSWORD, "logout");
        String cookie = cookieOf(r);

        HttpResult out = server.call("POST", "/api/v1/logout")
                .token(null)
                .header("Cookie", cookie)
                .header("X-CSRF-Token", r.json().get("csrfToken").asText())
                .send();

        assertThat(out.status()).as("%s", out).isEqualTo(204);
        assertThat(out.header("Set-Cookie").orElseThrow())
                .startsWith("wakacfg_session=;")
                .contains("Expires=Thu, 01 Jan 1970");
        assertProblem(
                server.call("GET", "/api/v1/me")
                        .token(null)
                        .header("Cookie", cookie)
                        .send(),
                401);
    }

    @Test
    void session_idleAndAbsoluteTimeouts() {
        String name = newUser(null);
        String cookie = cookieOf(login(name, PASSWORD, "idle"));
        // Used every 4 minutes (idle limit 5) it lives until the absolute limit of 1 hour.
        for (int i = 0; i < 14; i++) {
            clock.advance(Duration.ofMinutes(4));
            HttpResult me = server.call("GET", "/api/v1/me")
                    .token(null)
                    .header("Cookie", cookie)
                    .send();
            assertThat(me.status()).as("after %d min: %s", 4 * (i + 1), me).isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(5));
        assertProblem(
                server.call("GET", "/api/v1/me")
                        .token(null)
                        .header("Cookie", cookie)
                        .send(),
                401);

        String idle = cookieOf(login(name, PASSWORD, "idle-2"));
        clock.advance(Duration.ofMinutes(6));
        assertProblem(
                server.call("GET", "/api/v1/me")
                        .token(null)
                        .header("Cookie", idle)
                        .send(),
                401);
        assertThat(audit("action=auth.inactive-session")).isNotEmpty();
    }

    @Test
    void lockout_afterRepeatedFailures_refusesEvenTheRightPassword_untilTheWindowPasses() {
        String name = newUser(null);
        for (int i = 0; i < 3; i++) {
            assertProblem(login(name, "wrong password " + i, "lock-" + kind), 401);
        }

        HttpResult locked = login(name, PASSWORD, "lock-right");

        JsonNode problem = assertProblem(locked, 429);
        assertThat(problem.get("detail").asText()).contains("locked");
        assertThat(locked.header("Retry-After")).isPresent();
        List<JsonNode> failures = audit("action=auth.login-failed").stream()
                .filter(e -> e.get("actor").asText().equals(name))
                .toList();
        assertThat(failures)
                .hasSize(3)
                .allSatisfy(e -> assertThat(e.get("outcome").asText()).isEqualTo("denied"));
        assertThat(audit("action=auth.account-locked").stream()
                        .filter(e -> e.get("actor").asText().equals(name)))
                .hasSize(1);
        assertThat(audit("action=auth.login-locked").stream()
                        .filter(e -> e.get("actor").asText().equals(name)))
                .hasSize(1);

        clock.advance(Duration.ofMinutes(11));
        assertThat(login(name, PASSWORD, "lock-after").status()).isEqualTo(200);
    }

    @Test
    void unknownUser_getsTheSameAnswerAsAWrongPassword_andIsASecurityEvent() {
        String name = newUser(null);

        HttpResult unknown = login("nobody-" + name, PASSWORD, "unknown-user");
        HttpResult wrong = login(name, "not the password at all", "wrong-password");

        assertThat(assertProblem(unknown, 401).get("detail"))
                .isEqualTo(assertProblem(wrong, 401).get("detail"));
        assertThat(audit("action=auth.login-failed").stream()
                        .anyMatch(e -> e.get("actor").asText().equals("login:nobody-" + name)))
                .isTrue();
    }

    @Test
    void manyFailuresFromOneAddress_get429_andARateLimitEvent() {
        MutableClock own = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
        try (TestServer flooded = TestServer.start(kind, b -> b.clock(own).accessPolicy(policy(8)))) {
            // Each failure names a different account, so no account lock interferes.
            HttpResult last = null;
            for (int i = 0; i < 9; i++) {
                last = flooded.call("POST", "/api/v1/login")
                        .token(null)
                        .json(Map.of("name", "ghost-" + i, "password", "whatever password"))
                        .send();
                assertThat(last.status()).as("attempt %d: %s", i, last).isEqualTo(i < 8 ? 401 : 429);
            }
            assertThat(last.header("Retry-After")).isPresent();
            assertThat(flooded.get("/api/v1/audit?action=auth.login-rate-limited")
                            .json()
                            .get("events"))
                    .hasSize(1);

            own.advance(Duration.ofMinutes(11));
            HttpResult after = flooded.call("POST", "/api/v1/login")
                    .token(null)
                    .json(Map.of("name", "ghost-x", "password", "whatever password"))
                    .send();
            assertProblem(after, 401);
        }
    }

    @Test
    void login_malformedBodies_are4xx() {
        assertProblem(server.call("POST", "/api/v1/login").token(null).json("{").send(), 400);
        assertProblem(
                server.call("POST", "/api/v1/login")
                        .token(null)
                        .json(Map.of("name", "x"))
                        .send(),
                422);
        assertProblem(
                server.call("POST", "/api/v1/login")
                        .token(null)
                        .json(Map.of("name", "x", "password", "y".repeat(300)))
                        .send(),
                422);
    }

    @Test
    void changeOwnPassword_needsTheCurrentOne_andThePolicy() {
        String name = newUser(null);
        String token = server.post("/api/v1/tokens", Map.of("account", name))
                .json()
                .get("token")
                .asText();

        HttpResult wrongCurrent = server.call("PUT", "/api/v1/me/password")
                .token(token)
                .json(Map.of("currentPassword", "nope", "newPassword", "a brand new passphrase"))
                .send();
        HttpResult tooShort = server.call("PUT", "/api/v1/me/password")
                .token(token)
                .json(Map.of("currentPassword", PASSWORD, "newPassword", "short"))
                .send();
        HttpResult ok = server.call("PUT", "/api/v1/me/password")
                .token(token)
                .json(Map.of("currentPassword", PASSWORD, "newPassword", "a brand new passphrase"))
                .send();

        assertProblem(wrongCurrent, 403);
        assertThat(errorFields(assertProblem(tooShort, 422))).containsExactly("newPassword");
        assertThat(ok.status()).as("%s", ok).isEqualTo(204);
        assertProblem(login(name, PASSWORD, "old-password"), 401);
        assertThat(login(name, "a brand new passphrase", "new-password").status())
                .isEqualTo(200);
    }
}
