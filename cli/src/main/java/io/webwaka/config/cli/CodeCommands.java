package io.webwaka.config.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Configuration as code against a running server: {@code export}, {@code diff} and {@code apply}.
 * Exit codes: 0 no drift / applied, 2 drift found (or, with {@code --dry-run}, changes to apply),
 * 1 error.
 */
final class CodeCommands {
    static final int DRIFT = 2;

    private CodeCommands() {}

    /** Options every command shares. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        RemoteOptions remote;

        @Option(names = "--project", required = true, description = "project key")
        String project;

        @Option(names = "--dir", required = true, description = "directory of the YAML files")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public final Integer call() {
            try {
                return run(remote.client(), spec.commandLine().getOut());
            } catch (CliException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return 1;
            } catch (IOException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return 1;
            } catch (UncheckedIOException e) {
                spec.commandLine().getErr().println("error: " + e.getCause().getMessage());
                return 1;
            }
        }

        abstract int run(AdminClient client, PrintWriter out) throws IOException;

        ProjectModel files() throws IOException {
            ProjectModel wanted = ModelIo.read(dir);
            if (wanted.project != null && !wanted.project.equals(project)) {
                throw new CliException(dir + " holds project '" + wanted.project + "', not '" + project + "'");
            }
            wanted.project = project;
            return wanted;
        }
    }

    /** {@code wakacfg export}. */
    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Write a project's configuration as YAML files (secrets never leave the server).")
    static final class Export extends Base {
        @Option(names = "--env", description = "only this environment (repeatable; default: all)")
        List<String> envs = new ArrayList<>();

        @Override
        int run(AdminClient client, PrintWriter out) throws IOException {
            ProjectModel live = ModelIo.fetch(client, project, envs);
            if (live.name == null) {
                throw new CliException("project '" + project + "' does not exist on the server");
            }
            for (String env : envs) {
                if (!live.environments.containsKey(env)) {
                    throw new CliException("environment '" + env + "' does not exist in project '" + project + "'");
                }
            }
            ModelIo.write(live, dir);
            out.println("exported " + project + " (" + String.join(", ", live.environments.keySet()) + ") to " + dir);
            return 0;
        }
    }

    /** {@code wakacfg diff}. */
    @Command(
            name = "diff",
            mixinStandardHelpOptions = true,
            description = "Show where the live platform differs from the files (exit 2 if it does).")
    static final class Diff extends Base {
        @Override
        int run(AdminClient client, PrintWriter out) throws IOException {
            ProjectModel wanted = files();
            ProjectModel live = ModelIo.fetch(client, project, List.copyOf(wanted.environments.keySet()));
            List<Plan.Drift> drift = Plan.drift(live, wanted);
            if (drift.isEmpty()) {
                out.println("no drift: " + project + " matches " + dir);
                return 0;
            }
            Plan.print(drift, out);
            out.println(drift.size() + " item" + (drift.size() == 1 ? "" : "s") + " differ (live vs files)");
            return DRIFT;
        }
    }

    /** {@code wakacfg apply}. */
    @Command(
            name = "apply",
            mixinStandardHelpOptions = true,
            description = "Make the platform match the files: one change set, based on the revision read.")
    static final class Apply extends Base {
        @Option(names = "--dry-run", description = "show the plan only (exit 2 if there is something to apply)")
        boolean dryRun;

        @Option(names = "--message", description = "the revision message", defaultValue = "wakacfg apply")
        String message;

        @Override
        int run(AdminClient client, PrintWriter out) throws IOException {
            ProjectModel wanted = files();
            List<String> envs = List.copyOf(wanted.environments.keySet());
            ProjectModel live = ModelIo.fetch(client, project, envs);
            List<Plan.Drift> drift = Plan.drift(live, wanted);
            if (drift.isEmpty()) {
                out.println("nothing to apply: " + project + " matches " + dir);
                return 0;
            }
            Plan.print(drift, out);
            if (dryRun) {
                out.println("dry run: " + drift.size() + " item(s) would change; nothing was written");
                return DRIFT;
            }
            String p = "/api/v1/projects/" + AdminClient.enc(project);
            ensureEnvironments(client, p, live, wanted);
            // Re-read after creating the project or environments: the change set is based on that revision.
            live = ModelIo.fetch(client, project, envs);
            long revision = client.get(p).body().path("revision").asLong();
            List<ObjectNode> ops = Plan.ops(live, wanted);
            if (ops.isEmpty()) {
                out.println("applied: environments only");
                return 0;
            }
            ObjectNode body = AdminClient.JSON.createObjectNode();
            body.put("expectedRevision", revision);
            body.put("message", message);
            body.putArray("ops").addAll(ops);
            JsonNode r = client.call("POST", p + "/changes", body);
            out.println("applied " + ops.size() + " operation(s) as revision "
                    + r.path("revision").asLong());
            return 0;
        }

        /** Creates the project and environments the files have, and aligns names and protection. */
        private static void ensureEnvironments(AdminClient client, String p, ProjectModel live, ProjectModel wanted) {
            if (live.name == null) {
                client.call("POST", "/api/v1/projects", Map.of("key", wanted.project, "name", wanted.name));
                live = ModelIo.fetch(client, wanted.project, List.copyOf(wanted.environments.keySet()));
            }
            for (Map.Entry<String, ObjectNode> e : wanted.environments.entrySet()) {
                ObjectNode have = live.environments.get(e.getKey());
                ObjectNode want = e.getValue();
                if (have == null) {
                    ObjectNode body = want.deepCopy();
                    body.put("key", e.getKey());
                    client.call("POST", p + "/environments", body);
                } else if (!have.equals(want)) {
                    client.call("PATCH", p + "/environments/" + AdminClient.enc(e.getKey()), want);
                }
            }
        }
    }
}
