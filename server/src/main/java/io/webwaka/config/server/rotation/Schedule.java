package io.webwaka.config.server.rotation;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * When a secret rotates: every fixed interval after the last rotation, or at the times of a cron
 * expression (the five Unix fields, minute hour day-of-month month day-of-week, in UTC; parsed and
 * stepped by cron-utils). Immutable; thread-safe.
 */
interface Schedule {
    /** The shortest interval accepted: rotating more often is a mistake, not a policy. */
    Duration MIN_INTERVAL = Duration.ofMinutes(1);

    /** The first rotation time after {@code after}. */
    Instant next(Instant after);

    /** The policy field this schedule came from ({@code every} or {@code cron}). */
    String field();

    /** The text it was given as. */
    String text();

    /** A fixed interval. */
    record Every(Duration interval, String text) implements Schedule {
        @Override
        public Instant next(Instant after) {
            return after.plus(interval);
        }

        @Override
        public String field() {
            return "every";
        }
    }

    /** A Unix cron expression, in UTC. */
    record Cron(String text, ExecutionTime times) implements Schedule {
        private static final CronParser PARSER =
                new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

        /** Parses a cron expression; empty with the parser's reason in {@code problem} if invalid. */
        static Optional<Cron> parse(String text, StringBuilder problem) {
            try {
                var cron = PARSER.parse(text.trim());
                cron.validate();
                return Optional.of(new Cron(text.trim(), ExecutionTime.forCron(cron)));
            } catch (IllegalArgumentException e) {
                problem.append(e.getMessage());
                return Optional.empty();
            }
        }

        @Override
        public Instant next(Instant after) {
            return times.nextExecution(after.atZone(ZoneOffset.UTC))
                    .map(t -> t.toInstant())
                    // An expression with no future time (30 February) never fires again.
                    .orElse(Instant.parse("9999-12-31T00:00:00Z"));
        }

        @Override
        public String field() {
            return "cron";
        }
    }
}
