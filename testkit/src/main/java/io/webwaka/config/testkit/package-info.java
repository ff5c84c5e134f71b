/**
 * The golden conformance cases of flag evaluation, shared by the engine, the SDK and the server so
 * that all three give the same answers. See {@link io.webwaka.config.testkit.ConformanceCases} and
 * the module's {@code README.md} for the file format.
 */
package io.webwaka.config.testkit;
