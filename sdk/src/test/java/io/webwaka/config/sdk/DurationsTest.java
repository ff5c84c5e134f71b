package io.webwaka.config.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "PT30S, 30000",
        "pt0.5s, 500",
        "P1D, 86400000",
        "PT1H30M, 5400000",
        "500ms, 500",
        "30s, 30000",
        "5m, 300000",
        "2h, 7200000",
        "1d, 86400000",
        "0s, 0",
        "' 45s ', 45000"
    })
    void parse_acceptedForm_returnsDuration(String text, long millis) {
        assertThat(Durations.parse(text)).contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "soon", "30", "5 m", "1.5s", "-5s", "-PT5S", "5M", "P1M", "10w", "99999999999999999999d"})
    void parse_otherText_returnsEmpty(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }
}
