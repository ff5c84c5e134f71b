/** Pure-Java snapshot model and evaluation, shared by the server and the SDK. */
package io.webwaka.config.engine;
