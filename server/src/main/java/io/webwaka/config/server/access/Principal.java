package io.webwaka.config.server.access;

import io.webwaka.config.store.RoleBinding;
import java.util.List;

/**
 * Who made a request, as established by {@link AccessControl}.
 *
 * @param name the principal's name (user, service account) or the SDK key's name
 * @param auth how it authenticated: {@code token} or {@code sdk-key}
 * @param tokenId the id of the token used
 * @param principalId the principal's id, or 0 for an SDK key
 * @param projectId the project an SDK key is bound to, or 0
 * @param envId the environment an SDK key is bound to, or 0
 * @param roles the roles bound to the principal (empty for SDK keys)
 */
public record Principal(
        String name, String auth, long tokenId, long principalId, long projectId, long envId, List<RoleBinding> roles) {

    /** Freezes the components. */
    public Principal {
        roles = List.copyOf(roles);
    }

    /** Whether this is an SDK key. */
    public boolean isSdkKey() {
        return "sdk-key".equals(auth);
    }
}
