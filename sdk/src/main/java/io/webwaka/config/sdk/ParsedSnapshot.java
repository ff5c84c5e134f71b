package io.webwaka.config.sdk;

import io.webwaka.config.engine.Snapshot;
import io.webwaka.config.engine.flags.FlagCompilation;

/**
 * A client snapshot document as read: the config snapshot, and its flags compiled once (with any
 * problems the compiler found). Immutable.
 *
 * @param snapshot the configs, revision and content hash
 * @param flags the compiled flags of the environment, empty when the server sent none
 * @param flagsDocument the {@code flags} member as sent (frozen), or {@code null} when absent; kept to
 *     write the disk copy
 * @param secrets the secret values sent (only to SDK keys with the {@code secrets} scope), by key
 */
record ParsedSnapshot(
        Snapshot snapshot, FlagCompilation flags, Object flagsDocument, java.util.Map<String, String> secrets) {

    /** Freezes the secrets. */
    ParsedSnapshot {
        secrets = java.util.Map.copyOf(secrets);
    }
}
