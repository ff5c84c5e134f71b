package io.webwaka.config.sdk;

import io.webwaka.config.engine.Snapshot;

/**
 * The snapshot the SDK serves, with the entity tag the server sent for it (used for {@code
 * If-None-Match}).
 */
record Loaded(Snapshot snapshot, String etag) {}
