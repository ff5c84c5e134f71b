/**
 * Feature-flag evaluation: the compiler that turns flag definitions, per-environment targeting and
 * segments (plain Java JSON values) into an immutable {@link io.webwaka.config.engine.flags.FlagSet},
 * and the allocation-free evaluator behind it. The targeting format and the bucketing algorithm are
 * the public contract written in {@code DESIGN.md} ("Flag targeting format and bucketing").
 *
 * <p>Start at {@link io.webwaka.config.engine.flags.FlagCompiler#compile}; evaluate with {@link
 * io.webwaka.config.engine.flags.FlagSet}; ask {@link io.webwaka.config.engine.flags.FlagSet#explain} why a
 * context got its result.
 */
package io.webwaka.config.engine.flags;
