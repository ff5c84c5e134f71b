package io.webwaka.config.server.access;

import io.webwaka.config.store.RoleBinding;
import java.util.List;

/**
 * Who made a request, as established by {@link AccessControl}.
 *
 * @param name the account's name (user, service account) or the SDK key's name
 * @param auth how it authenticated: {@code token}, {@code session} or {@code sdk-key}
 * @param tokenId the id of the token used, or 0 for a session
 * @param principalId the account's id, or 0 for an SDK key
 * @param projectId the project an SDK key is bound to, or 0
 * @param envId the environment an SDK key is bound to, or 0
 * @param roles the roles bound to the account (empty for SDK keys)
 * @param csrfToken the session's CSRF token (session authentication only), else {@code null}
 * @param secretsScope whether an SDK key may receive secret values (its {@code secrets} scope)
 */
public record Principal(
        String name,
        String auth,
        long tokenId,
        long principalId,
        long projectId,
        long envId,
        List<RoleBinding> roles,
        String csrfToken,
        boolean secretsScope) {

    /** How a request authenticated with an API token. */
    public static final String TOKEN = "token";

    /** How a request authenticated with a browser session cookie. */
    public static final String SESSION = "session";

    /** How a client API request authenticated. */
    public static final String SDK_KEY = "sdk-key";

    /** Freezes the components. */
    public Principal {
        roles = List.copyOf(roles);
    }

    /** Whether this is an SDK key. */
    public boolean isSdkKey() {
        return SDK_KEY.equals(auth);
    }
}
