/**
 * The WebWaka Config server: {@link io.webwaka.config.server.WakaServer} wires the store, access
 * control, the config service and the HTTP API. Packages by feature: {@code config} (projects,
 * environments, configs, revisions), {@code access} (tokens, authentication, authorisation), {@code
 * audit}, {@code delivery} (the client API); {@code internal} holds the HTTP plumbing they share.
 */
package io.webwaka.config.server;
