package io.webwaka.config.store;

/**
 * An environment to create.
 *
 * @param key the environment key
 * @param name the display name
 * @param isProtected whether it is protected
 */
public record NewEnvironment(String key, String name, boolean isProtected) {}
