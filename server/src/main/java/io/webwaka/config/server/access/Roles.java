package io.webwaka.config.server.access;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The permission table: which role may do what, within the scope it is bound at. This first cut
 * knows the three roles; scoping (global, project, project-environment) is applied by {@link
 * AccessControl}.
 *
 * <table>
 *   <caption>Permissions by role</caption>
 *   <tr><th>permission</th><th>admin</th><th>operator</th><th>viewer</th></tr>
 *   <tr><td>READ_CONFIG</td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>WRITE_CONFIG</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>ROLLBACK</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>MANAGE_ENVIRONMENTS</td><td>yes</td><td>no</td><td>no</td></tr>
 *   <tr><td>MANAGE_TOKENS</td><td>yes</td><td>no</td><td>no</td></tr>
 *   <tr><td>READ_AUDIT</td><td>yes</td><td>no</td><td>no</td></tr>
 * </table>
 */
public final class Roles {
    /** The permissions of each role. */
    public static final Map<String, Set<Permission>> TABLE = Map.of(
            "admin",
            EnumSet.of(
                    Permission.READ_CONFIG,
                    Permission.WRITE_CONFIG,
                    Permission.ROLLBACK,
                    Permission.MANAGE_ENVIRONMENTS,
                    Permission.MANAGE_TOKENS,
                    Permission.READ_AUDIT),
            "operator",
            EnumSet.of(Permission.READ_CONFIG, Permission.WRITE_CONFIG, Permission.ROLLBACK),
            "viewer",
            EnumSet.of(Permission.READ_CONFIG));

    private Roles() {}

    /** Whether {@code role} grants {@code permission}. */
    public static boolean grants(String role, Permission permission) {
        return TABLE.getOrDefault(role, Set.of()).contains(permission);
    }
}
