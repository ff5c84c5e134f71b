package io.webwaka.config.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WakaConfigGettersTest {
    private static final String CONFIGS =
            "{\"db.pool.size\":10,\"feature.text\":\"hi\",\"limits\":{\"a\":1,\"name\":\"x\","
                    + "\"extra\":true},\"list\":[1,2],\"on\":true,\"ratio\":0.25,\"big\":3000000000,\"half\":10.5,"
                    + "\"whole\":10.0,\"num-str\":\"10\",\"bool-str\":\"true\",\"t.iso\":\"PT30S\",\"t.ms\":\"500ms\","
                    + "\"t.s\":\"30s\",\"t.m\":\"5m\",\"t.h\":\"2h\",\"t.d\":\"1d\",\"t.num\":1500,\"t.bad\":\"soon\","
                    + "\"t.neg\":\"-PT5S\",\"t.frac\":1.5,\"nothing\":null,\"warn.me\":\"text\"}";

    private static SnapshotServer server;
    private static WakaConfig config;

    record Limits(int a, String name) {}

    /** A plain bean, as older code bases have them. */
    public static final class LimitsBean {
        private int a;
        private String name;

        public int getA() {
            return a;
        }

        public void setA(int a) {
            this.a = a;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }

    @BeforeAll
    static void start() {
        server = SnapshotServer.start();
        server.serve(7, CONFIGS);
        config = WakaConfig.builder()
                .baseUrl(server.baseUrl())
                .sdkKey(SnapshotServer.SDK_KEY)
                .pollInterval(Duration.ofMillis(50))
                .build();
        assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();
    }

    @AfterAll
    static void stop() {
        config.close();
        server.close();
    }

    @Test
    void snapshot_initialized_exposesRevisionAndIgnoresUnknownFields() {
        assertThat(config.isInitialized()).isTrue();
        assertThat(config.revision()).isEqualTo(7);
        assertThat(config.snapshot()).hasValueSatisfying(s -> {
            assertThat(s.project()).isEqualTo("checkout");
            assertThat(s.environment()).isEqualTo("prod");
            assertThat(s.configs()).containsEntry("db.pool.size", 10).doesNotContainKey("flags");
        });
        assertThat(config.toString()).isEqualTo("WakaConfig[checkout/prod@r7]");
    }

    @Test
    void getString_stringValue_returnsIt() {
        assertThat(config.getString("feature.text", "def")).isEqualTo("hi");
    }

    @Test
    void getString_missingOrNullOrWrongType_returnsDefault() {
        assertThat(config.getString("missing", "def")).isEqualTo("def");
        assertThat(config.getString("nothing", "def")).isEqualTo("def");
        assertThat(config.getString("db.pool.size", "def")).isEqualTo("def");
        assertThat(config.getString("missing", null)).isNull();
    }

    @Test
    void getInt_integralNumber_returnsIt() {
        assertThat(config.getInt("db.pool.size", -1)).isEqualTo(10);
        assertThat(config.getInt("whole", -1)).isEqualTo(10);
    }

    @Test
    void getInt_fractionOrOutOfRangeOrString_returnsDefault() {
        assertThat(config.getInt("half", -1)).isEqualTo(-1);
        assertThat(config.getInt("big", -1)).isEqualTo(-1);
        assertThat(config.getInt("num-str", -1)).isEqualTo(-1);
        assertThat(config.getInt("missing", -1)).isEqualTo(-1);
    }

    @Test
    void getLong_intOrLongNumber_returnsIt() {
        assertThat(config.getLong("db.pool.size", -1)).isEqualTo(10L);
        assertThat(config.getLong("big", -1)).isEqualTo(3_000_000_000L);
        assertThat(config.getLong("half", -1)).isEqualTo(-1L);
        assertThat(config.getLong("num-str", -1)).isEqualTo(-1L);
    }

    @Test
    void getDouble_anyNumber_returnsIt() {
        assertThat(config.getDouble("ratio", -1)).isEqualTo(0.25);
        assertThat(config.getDouble("db.pool.size", -1)).isEqualTo(10.0);
        assertThat(config.getDouble("big", -1)).isEqualTo(3.0e9);
        assertThat(config.getDouble("feature.text", -1)).isEqualTo(-1.0);
    }

    @Test
    void getBoolean_booleanValue_returnsItButNotFromString() {
        assertThat(config.getBoolean("on", false)).isTrue();
        assertThat(config.getBoolean("bool-str", false)).isFalse();
        assertThat(config.getBoolean("missing", true)).isTrue();
    }

    @Test
    void getDuration_isoAndShortFormsAndMillis_returnThem() {
        Duration def = Duration.ofSeconds(99);
        assertThat(config.getDuration("t.iso", def)).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.getDuration("t.ms", def)).isEqualTo(Duration.ofMillis(500));
        assertThat(config.getDuration("t.s", def)).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.getDuration("t.m", def)).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.getDuration("t.h", def)).isEqualTo(Duration.ofHours(2));
        assertThat(config.getDuration("t.d", def)).isEqualTo(Duration.ofDays(1));
        assertThat(config.getDuration("t.num", def)).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void getDuration_unparsableOrNegativeOrWrongType_returnsDefault() {
        Duration def = Duration.ofSeconds(99);
        assertThat(config.getDuration("t.bad", def)).isEqualTo(def);
        assertThat(config.getDuration("t.neg", def)).isEqualTo(def);
        assertThat(config.getDuration("t.frac", def)).isEqualTo(def);
        assertThat(config.getDuration("on", def)).isEqualTo(def);
        assertThat(config.getDuration("missing", def)).isEqualTo(def);
    }

    @Test
    void getMap_object_returnsUnmodifiableMap() {
        Map<String, Object> limits = config.getMap("limits");
        assertThat(limits).containsEntry("a", 1).containsEntry("name", "x");
        assertThatThrownBy(() -> limits.put("a", 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(config.getMap("list")).isEmpty();
        assertThat(config.getMap("missing")).isEmpty();
    }

    @Test
    void getList_array_returnsUnmodifiableList() {
        List<Object> list = config.getList("list");
        assertThat(list).containsExactly(1, 2);
        assertThatThrownBy(() -> list.add(3)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(config.getList("limits")).isEmpty();
    }

    @Test
    void get_objectToRecord_bindsIgnoringUnknownProperties() {
        assertThat(config.get("limits", Limits.class, null)).isEqualTo(new Limits(1, "x"));
    }

    @Test
    void get_objectToBean_binds() {
        LimitsBean bean = config.get("limits", LimitsBean.class, null);
        assertThat(bean.getA()).isEqualTo(1);
        assertThat(bean.getName()).isEqualTo("x");
    }

    @Test
    void get_notAnObjectOrMissing_returnsDefault() {
        Limits def = new Limits(0, "def");
        assertThat(config.get("feature.text", Limits.class, def)).isSameAs(def);
        assertThat(config.get("list", Limits.class, def)).isSameAs(def);
        assertThat(config.get("missing", Limits.class, def)).isSameAs(def);
    }

    @Test
    void get_valueAlreadyOfType_returnsIt() {
        assertThat(config.get("feature.text", String.class, "def")).isEqualTo("hi");
        assertThat(config.get("db.pool.size", Integer.class, -1)).isEqualTo(10);
    }

    @Test
    void getRaw_presentAndMissing_returnsJsonValue() {
        assertThat(config.getRaw("list")).contains(List.of(1, 2));
        assertThat(config.getRaw("missing")).isEmpty();
    }

    @Test
    void getInt_wrongTypeReadTwice_logsOneWarning() {
        try (LogCapture logs = LogCapture.start()) {
            config.getInt("warn.me", 0);
            config.getInt("warn.me", 0);
            config.getLong("warn.me", 0);
            assertThat(logs.messages(Level.WARNING, "'warn.me'"))
                    .singleElement()
                    .asString()
                    .contains("is a string, not an int");
        }
    }

    @Test
    void getString_nullKey_throwsNullPointerException() {
        assertThatThrownBy(() -> config.getString(null, "def")).isInstanceOf(NullPointerException.class);
    }
}
