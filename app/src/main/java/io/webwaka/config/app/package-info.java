/** The shipped application: the CLI and the server in one fat jar. */
package io.webwaka.config.app;
