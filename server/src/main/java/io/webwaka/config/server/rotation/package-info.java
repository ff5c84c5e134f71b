/**
 * Secret rotation: policies, rotators, the engine and its scheduler.
 *
 * <ul>
 *   <li>{@link io.webwaka.config.server.rotation.RotationApi}: {@code PUT|GET|DELETE
 *       …/secrets/{key}/rotation} and {@code POST …/secrets/{key}/rotate}.
 *   <li>{@code RotationPolicy}: {@code every} (a duration) or {@code cron} (Unix, UTC, via
 *       cron-utils), a {@code gracePeriod}, and a rotator: {@code random}, {@code postgresql} or
 *       {@code webhook} ({@code Rotator} and its records).
 *   <li>{@link io.webwaka.config.server.rotation.SecretRotations}: runs one rotation under a lease
 *       (design note there), commits through {@link io.webwaka.config.server.config.ConfigService}
 *       as a user's write would, and counts outcomes in {@link
 *       io.webwaka.config.server.rotation.RotationMetrics}.
 *   <li>{@link io.webwaka.config.server.rotation.RotationScheduler}: one background thread that
 *       polls for due rotations.
 * </ul>
 *
 * <p>The package depends on {@code config} (the commit path), {@code secrets} (sealing) and the
 * store; nothing depends on it but the server's wiring.
 */
package io.webwaka.config.server.rotation;
