/**
 * The Java client of WebWaka Config.
 *
 * <p>Start with {@link io.webwaka.config.sdk.WakaConfig#builder()}: the client fetches the snapshot of
 * one project environment in the background, keeps it current by conditional polling, serves typed
 * values from memory (never blocking on the network, never throwing because the server is down) and
 * tells {@link io.webwaka.config.sdk.ConfigListener listeners} which keys changed. It also evaluates
 * the environment's feature flags in process ({@link io.webwaka.config.sdk.WakaConfig#boolValue} …)
 * for an {@link io.webwaka.config.engine.flags.EvaluationContext} — the engine's own type, used
 * directly — and reports evaluation counts to the server.
 */
package io.webwaka.config.sdk;
