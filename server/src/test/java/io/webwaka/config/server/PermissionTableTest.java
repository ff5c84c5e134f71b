package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.server.access.Permission;
import io.webwaka.config.server.access.Roles;
import io.webwaka.config.server.access.SecuredRoutes;
import io.webwaka.config.server.access.SecuredRoutes.Scope;
import io.webwaka.config.store.testing.StoreKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The permission matrix, generated from the README's "Roles and permissions" table: the code's
 * table must equal it, every route Javalin serves must be declared with a permission the table
 * has, and every declared route × role × scope gets a real request whose outcome (allowed or 403)
 * must be what the README's table and the scope rules say — zero unexpected allows, zero unexpected
 * denials.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class PermissionTableTest extends ApiTestBase {
    /** The binding scopes every route is tried with; the target is always environment "staging". */
    enum BindingScope {
        GLOBAL,
        PROJECT,
        OTHER_PROJECT,
        ENVIRONMENT,
        OTHER_ENVIRONMENT
    }

    /** The routes that need no permission, reviewed one by one: a new one fails until listed here. */
    private static final Set<String> WITHOUT_PERMISSION = Set.of(
            "PUBLIC GET /health/live",
            "PUBLIC GET /health/ready",
            "PUBLIC GET /metrics",
            "PUBLIC POST /api/v1/login",
            "SELF POST /api/v1/logout",
            "SELF GET /api/v1/me",
            "SELF PUT /api/v1/me/password",
            "SELF GET /api/v1/projects",
            "SELF POST /api/v1/tokens",
            "SELF GET /api/v1/tokens",
            "SELF DELETE /api/v1/tokens/{id}",
            "CLIENT GET /api/v1/client/snapshot",
            "CLIENT POST /api/v1/client/metrics",
            "CLIENT GET /api/v1/client/stream",
            "CLIENT POST /api/v1/client/heartbeat");

    /** The README's table: permission → role → granted. */
    static Map<Permission, Map<String, Boolean>> readmeTable() throws IOException {
        Path readme = Path.of("..", "README.md");
        List<String> lines = Files.readAllLines(readme);
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("| action | permission | admin | operator | viewer |")) {
                header = i;
            }
        }
        assertThat(header).as("the permission table header in README.md").isNotNegative();
        Map<Permission, Map<String, Boolean>> table = new LinkedHashMap<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).split("\\|");
            String permission = cells[2].trim().replace("`", "");
            Map<String, Boolean> row = new LinkedHashMap<>();
            row.put("admin", yes(cells[3]));
            row.put("operator", yes(cells[4]));
            row.put("viewer", yes(cells[5]));
            assertThat(table.put(Permission.valueOf(permission), row))
                    .as("%s listed twice", permission)
                    .isNull();
        }
        return table;
    }

    private static boolean yes(String cell) {
        String c = cell.trim();
        assertThat(c).isIn("yes", "no");
        return c.equals("yes");
    }

    @Test
    void readmeTable_equalsTheEnforcedTable() throws IOException {
        Map<Permission, Map<String, Boolean>> readme = readmeTable();

        assertThat(readme.keySet()).as("every permission has a README row").isEqualTo(EnumSet.allOf(Permission.class));
        for (var row : readme.entrySet()) {
            for (var cell : row.getValue().entrySet()) {
                assertThat(Roles.grants(cell.getKey(), row.getKey()))
                        .as("%s for %s", row.getKey(), cell.getKey())
                        .isEqualTo(cell.getValue());
            }
        }
        assertThat(Roles.TABLE.keySet()).containsExactlyInAnyOrder("admin", "operator", "viewer");
    }

    @Test
    void everyServedRoute_isDeclared_andEveryDeclarationIsCovered() throws IOException {
        List<SecuredRoutes.Route> declared = server.server().declaredRoutes();
        Set<String> declaredKeys = declared.stream()
                .map(r -> r.method().name() + " " + r.path())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(new TreeSet<>(server.server().servedRoutes()))
                .as("routes served but not declared through SecuredRoutes")
                .isSubsetOf(declaredKeys);
        assertThat(declaredKeys).as("a route declared twice").hasSameSizeAs(declared);

        Map<Permission, Map<String, Boolean>> readme = readmeTable();
        Set<String> withoutPermission = new TreeSet<>();
        for (SecuredRoutes.Route r : declared) {
            if (r.permission() == null) {
                withoutPermission.add(r.scope() + " " + r.method().name() + " " + r.path());
            } else {
                assertThat(readme)
                        .as("README row for %s %s", r.method(), r.path())
                        .containsKey(r.permission());
            }
        }
        assertThat(withoutPermission).isEqualTo(new TreeSet<>(WITHOUT_PERMISSION));
    }

    @Test
    void everyRoute_everyRole_everyScope_isAllowedExactlyAsTheTableSays() throws IOException {
        Map<Permission, Map<String, Boolean>> readme = readmeTable();
        String p = newProject();
        String other = newProject();
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String role : List.of("admin", "operator", "viewer")) {
            for (BindingScope scope : BindingScope.values()) {
                Map<String, Object> binding = new LinkedHashMap<>();
                binding.put("role", role);
                switch (scope) {
                    case GLOBAL -> {}
                    case PROJECT -> binding.put("project", p);
                    case OTHER_PROJECT -> binding.put("project", other);
                    case ENVIRONMENT -> binding.putAll(Map.of("project", p, "environment", "staging"));
                    case OTHER_ENVIRONMENT -> binding.putAll(Map.of("project", p, "environment", "prod"));
                }
                String name = p + "-" + role + "-" + scope.name().toLowerCase().replace('_', '-');
                HttpResult r = server.post("/api/v1/service-accounts", Map.of("name", name, "roles", List.of(binding)));
                assertThat(r.status()).as("create %s: %s", name, r).isEqualTo(201);
                tokens.put(role + "/" + scope, r.json().get("token").asText());
            }
        }

        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (SecuredRoutes.Route route : server.server().declaredRoutes()) {
            if (route.permission() == null) {
                continue;
            }
            String path = route.path()
                    .replace("{project}", p)
                    .replace("{env}", "staging")
                    .replace("{key}", "matrix-key")
                    .replace("{name}", "nobody-" + p)
                    .replace("{id}", "999999999")
                    .replace("{number}", "1")
                    .replace("{delivery}", "1")
                    .replace("{version}", "999999");
            Object body = route.scope() == Scope.PER_OPERATION
                    ? Map.of(
                            "ops",
                            List.of(Map.of(
                                    "op",
                                    "set",
                                    "kind",
                                    "config",
                                    "environment",
                                    "staging",
                                    "key",
                                    "matrix",
                                    "value",
                                    1)))
                    : Map.of();
            for (String role : List.of("admin", "operator", "viewer")) {
                for (BindingScope scope : BindingScope.values()) {
                    boolean expected = readme.get(route.permission()).get(role)
                            && covers(scope, role, route.scope(), route.permission());
                    HttpResult r = server.call(route.method().name(), path)
                            .token(tokens.get(role + "/" + scope))
                            .json(body)
                            .send();
                    checked++;
                    boolean denied = r.status() == 403;
                    if (r.status() == 401 || denied == expected) {
                        failures.add(route.method() + " " + path + " as " + role + "@" + scope + ": expected "
                                + (expected ? "allowed" : "403") + ", got " + r);
                    } else if (denied) {
                        JsonNode problem = r.json();
                        if (!route.permission()
                                .name()
                                .equals(problem.path("missingPermission").asText())) {
                            failures.add(route.method() + " " + path + ": 403 without missingPermission "
                                    + route.permission() + ": " + r);
                        }
                    }
                }
            }
        }
        assertThat(failures).as("unexpected outcomes of %d requests", checked).isEmpty();
        assertThat(checked).isGreaterThan(500);
    }

    /**
     * Whether a binding at {@code scope} covers the target of a route, from the README's rules. The
     * target is project {@code p}, whose prod is protected (the default), and for environment routes
     * its staging, which is not: so a project-wide change reaches a protected environment, where a
     * global role other than admin does not count.
     */
    private static boolean covers(BindingScope binding, String role, Scope route, Permission permission) {
        boolean read = permission.name().startsWith("READ_");
        boolean change = Set.of("WRITE_CONFIG", "ROLLBACK", "WRITE_FLAGS", "WRITE_SECRET")
                .contains(permission.name());
        return switch (route) {
            case PLATFORM -> binding == BindingScope.GLOBAL;
            case PROJECT ->
                (binding == BindingScope.GLOBAL && (!change || role.equals("admin")))
                        || binding == BindingScope.PROJECT
                        || (read && (binding == BindingScope.ENVIRONMENT || binding == BindingScope.OTHER_ENVIRONMENT));
            case ENVIRONMENT, PER_OPERATION ->
                binding == BindingScope.GLOBAL
                        || binding == BindingScope.PROJECT
                        || binding == BindingScope.ENVIRONMENT;
            default -> throw new IllegalArgumentException(route.name());
        };
    }
}
