/**
 * The Java client of WebWaka Config.
 *
 * <p>Start with {@link io.webwaka.config.sdk.WakaConfig#builder()}: the client fetches the snapshot of
 * one project environment in the background, keeps it current by conditional polling, serves typed
 * values from memory (never blocking on the network, never throwing because the server is down) and
 * tells {@link io.webwaka.config.sdk.ConfigListener listeners} which keys changed.
 */
package io.webwaka.config.sdk;
