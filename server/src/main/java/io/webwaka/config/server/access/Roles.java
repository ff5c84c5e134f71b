package io.webwaka.config.server.access;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The permission table: which role grants which {@link Permission}, within the scope the role is
 * bound at (global, project, or project environment; {@link AccessControl} applies the scope). The
 * README's "Roles and permissions" table is the same table; {@code PermissionTableTest} fails if they
 * differ. Each role includes the one below it, so the strongest binding covering a target decides.
 */
public final class Roles {
    /** The roles, strongest first. */
    public static final List<String> NAMES = List.of("admin", "operator", "viewer");

    private static final Set<Permission> VIEWER =
            EnumSet.of(Permission.READ_CONFIG, Permission.READ_FLAGS, Permission.READ_SECRETS);

    private static final Set<Permission> OPERATOR = union(
            VIEWER,
            EnumSet.of(
                    Permission.WRITE_CONFIG,
                    Permission.ROLLBACK,
                    Permission.WRITE_FLAGS,
                    Permission.WRITE_SECRET,
                    Permission.REVEAL_SECRET));

    /** The permissions of each role. */
    public static final Map<String, Set<Permission>> TABLE = Map.of(
            "admin", Set.copyOf(EnumSet.allOf(Permission.class)),
            "operator", OPERATOR,
            "viewer", VIEWER);

    private Roles() {}

    /** Whether {@code role} grants {@code permission}. */
    public static boolean grants(String role, Permission permission) {
        return TABLE.getOrDefault(role, Set.of()).contains(permission);
    }

    /** Whether {@code role} is one of the three roles. */
    public static boolean exists(String role) {
        return TABLE.containsKey(role);
    }

    private static Set<Permission> union(Set<Permission> a, Set<Permission> b) {
        EnumSet<Permission> all = EnumSet.copyOf(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
