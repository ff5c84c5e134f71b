package io.webwaka.config.server.config;

import io.webwaka.config.store.ItemVersion;
import java.util.Collection;

/**
 * All item kinds of a project at one revision, each as {@link Layers}: configs (defaults and
 * overrides), flag definitions and segments (project-wide), flag targeting (per environment).
 * Immutable.
 *
 * @param configs config layers
 * @param flags flag definitions (project-wide layer only)
 * @param targeting flag targeting (environment layers only)
 * @param segments segments (project-wide layer only)
 * @param secrets secrets (environment layers only; values sealed, see {@code SecretBox})
 * @param schemas JSON Schemas of config keys and of the whole project (project-wide layer only;
 *     not part of any snapshot, so they do not move an environment's revision)
 */
record Items(Layers configs, Layers flags, Layers targeting, Layers segments, Layers secrets, Layers schemas) {

    static Items of(Collection<ItemVersion> rows) {
        return new Items(
                Layers.of(Layers.KIND, rows),
                Layers.of(Layers.FLAG, rows),
                Layers.of(Layers.TARGETING, rows),
                Layers.of(Layers.SEGMENT, rows),
                Layers.of(Layers.SECRET, rows),
                Layers.of(Layers.SCHEMA, rows));
    }

    Items apply(Collection<ItemVersion> rows) {
        return new Items(
                configs.apply(rows),
                flags.apply(rows),
                targeting.apply(rows),
                segments.apply(rows),
                secrets.apply(rows),
                schemas.apply(rows));
    }

    /** The layers of one kind. */
    Layers of(String kind) {
        return switch (kind) {
            case Layers.FLAG -> flags;
            case Layers.TARGETING -> targeting;
            case Layers.SEGMENT -> segments;
            case Layers.SECRET -> secrets;
            case Layers.SCHEMA -> schemas;
            default -> configs;
        };
    }

    /** The latest revision that wrote anything an environment's snapshot reads. */
    long revisionOf(long envId) {
        return Math.max(
                Math.max(
                        Math.max(configs.revisionOf(envId), targeting.revisionOf(envId)),
                        Math.max(flags.revisionOf(envId), segments.revisionOf(envId))),
                secrets.revisionOf(envId));
    }
}
