package io.webwaka.config.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConversionsTest {

    @Test
    void asInt_integralNumbersInRange_convert() {
        assertThat(Conversions.asInt(10)).contains(10);
        assertThat(Conversions.asInt(10L)).contains(10);
        assertThat(Conversions.asInt(10.0)).contains(10);
        assertThat(Conversions.asInt(new BigDecimal("10.000"))).contains(10);
        assertThat(Conversions.asInt(Integer.MIN_VALUE)).contains(Integer.MIN_VALUE);
    }

    @Test
    void asInt_fractionOverflowOrOtherType_isEmpty() {
        assertThat(Conversions.asInt(10.5)).isEmpty();
        assertThat(Conversions.asInt(1L + Integer.MAX_VALUE)).isEmpty();
        assertThat(Conversions.asInt(Double.NaN)).isEmpty();
        assertThat(Conversions.asInt("10")).isEmpty();
        assertThat(Conversions.asInt(true)).isEmpty();
    }

    @Test
    void asLong_bigIntegerOutOfRange_isEmpty() {
        assertThat(Conversions.asLong(new BigInteger("99999999999999999999"))).isEmpty();
        assertThat(Conversions.asLong(new BigInteger("12"))).contains(12L);
    }

    @Test
    void asDuration_negativeMillis_isEmpty() {
        assertThat(Conversions.asDuration(-1)).isEmpty();
        assertThat(Conversions.asDuration(250)).contains(Duration.ofMillis(250));
    }

    @Test
    void bind_nonObjectToRecord_isEmpty() {
        assertThat(Conversions.bind(List.of(1), Point.class)).isEmpty();
        assertThat(Conversions.bind(Map.of("x", 1, "y", 2), Point.class)).contains(new Point(1, 2));
    }

    @Test
    void describe_eachJsonType_namesIt() {
        assertThat(Conversions.describe("s")).isEqualTo("a string");
        assertThat(Conversions.describe(true)).isEqualTo("a boolean");
        assertThat(Conversions.describe(1.5)).isEqualTo("the number 1.5");
        assertThat(Conversions.describe(Map.of())).isEqualTo("an object");
        assertThat(Conversions.describe(List.of())).isEqualTo("an array");
    }

    record Point(int x, int y) {}
}
