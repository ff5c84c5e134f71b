package io.webwaka.config.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The forms a time bound of an audit query or export may take. */
class AuditTimesTest {
    private static final Instant NOW = Instant.parse("2025-06-15T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void parse_instantsWithZoneOrOffset() {
        assertThat(parse("2025-01-31T12:00:00Z")).isEqualTo("2025-01-31T12:00:00Z");
        assertThat(parse("2025-01-31T12:00:00.250+01:00")).isEqualTo("2025-01-31T11:00:00.250Z");
    }

    @Test
    void parse_dateIsMidnightUtc() {
        assertThat(parse("2025-01-31")).isEqualTo("2025-01-31T00:00:00Z");
    }

    @Test
    void parse_durationsCountBackFromNow() {
        assertThat(parse("24h")).isEqualTo("2025-06-14T12:00:00Z");
        assertThat(parse("7d")).isEqualTo("2025-06-08T12:00:00Z");
        assertThat(parse("2w")).isEqualTo("2025-06-01T12:00:00Z");
        assertThat(parse("30m")).isEqualTo("2025-06-15T11:30:00Z");
        assertThat(parse("PT90S")).isEqualTo("2025-06-15T11:58:30Z");
    }

    @Test
    void parse_anythingElse_isRejectedListingTheForms() {
        for (String bad : new String[] {"yesterday", "24 h", "2025-13-01", "2025-01-31T25:00:00Z", "P", "-1h", ""}) {
            assertThatThrownBy(() -> AuditTimes.parse(bad, CLOCK))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ISO-8601");
        }
        assertThatThrownBy(() -> AuditTimes.parse("+999999999-01-01T00:00:00Z", CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String parse(String text) {
        return AuditTimes.parse(text, CLOCK).toString();
    }
}
