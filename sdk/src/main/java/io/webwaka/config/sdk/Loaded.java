package io.webwaka.config.sdk;

import io.webwaka.config.engine.Snapshot;
import io.webwaka.config.engine.flags.FlagSet;

/**
 * The snapshot the SDK serves, with the entity tag the server sent for it (used for {@code
 * If-None-Match}) and its flags, compiled once when it was loaded, with the flags document they were
 * compiled from (or {@code null}). Swapped whole, so configs and flags always come from the same
 * revision.
 */
record Loaded(
        Snapshot snapshot, String etag, FlagSet flags, Object flagsDocument, java.util.Map<String, String> secrets) {}
