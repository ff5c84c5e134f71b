package io.webwaka.config.cli;

import picocli.CommandLine.Option;

/** The server a command talks to: {@code --url}/{@code --token}, else {@code WAKACFG_URL}/{@code WAKACFG_TOKEN}. */
final class RemoteOptions {
    @Option(
            names = "--url",
            description = "server URL (default: $WAKACFG_URL, else http://localhost:8080)",
            defaultValue = "${env:WAKACFG_URL:-http://localhost:8080}")
    String url;

    @Option(
            names = "--token",
            description = "API token (default: $WAKACFG_TOKEN)",
            defaultValue = "${env:WAKACFG_TOKEN}")
    String token;

    AdminClient client() {
        if (token == null || token.isBlank()) {
            throw new CliException("give an API token with --token or WAKACFG_TOKEN");
        }
        return new AdminClient(url, token);
    }
}
