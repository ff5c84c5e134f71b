/** The {@code wakacfg} command line (picocli). */
package io.webwaka.config.cli;
