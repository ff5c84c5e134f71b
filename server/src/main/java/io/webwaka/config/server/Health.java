package io.webwaka.config.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.access.SecuredRoutes;
import io.webwaka.config.server.access.SecuredRoutes.Scope;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.ConfigStore;

/** {@code /health/live} (the process answers) and {@code /health/ready} (the store answers). */
final class Health {
    private final ConfigStore store;

    Health(ConfigStore store) {
        this.store = store;
    }

    void register(SecuredRoutes routes) {
        routes.get(
                "/health/live",
                Scope.PUBLIC,
                null,
                ctx -> ctx.json(Json.object().put("status", "UP")));
        routes.get("/health/ready", Scope.PUBLIC, null, ctx -> {
            boolean storeUp = store.isReachable();
            ObjectNode out = Json.object().put("status", storeUp ? "UP" : "DOWN");
            out.putObject("checks").put("store", storeUp ? "UP" : "DOWN: the database does not answer");
            ctx.status(storeUp ? 200 : 503).json(out);
        });
    }
}
