package io.webwaka.config.engine.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class StringTableTest {

    @Test
    void find_equalStringThatIsAnotherInstance_hits() {
        StringTable<Object> table = StringTable.of(Map.of("country", "NG", "age", 30));
        String name = new String("country".toCharArray());
        assertThat(name).isNotSameAs("country");
        assertThat(table.find(name)).isEqualTo("NG");
        assertThat(table.find("age")).isEqualTo(30);
        assertThat(table.find("missing")).isNull();
    }

    @Test
    void find_keysWithTheSameHash_keepsEachValue() {
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        StringTable<Integer> table = StringTable.of(Map.of("Aa", 1, "BB", 2, "AaAa", 3, "BBBB", 4, "AaBB", 5));
        assertThat(table.find("Aa")).isEqualTo(1);
        assertThat(table.find("BB")).isEqualTo(2);
        assertThat(table.find("AaAa")).isEqualTo(3);
        assertThat(table.find("BBBB")).isEqualTo(4);
        assertThat(table.find("AaBB")).isEqualTo(5);
        assertThat(table.find("BBAa")).isNull();
    }

    @Test
    void mapView_isEqualToItsSourceAndUnmodifiable() {
        Map<String, Object> source = Map.of("a", 1, "b", "x", "c", true);
        StringTable<Object> table = StringTable.of(source);
        assertThat(table).isEqualTo(source).hasSameHashCodeAs(source).containsOnlyKeys("a", "b", "c");
        assertThat(StringTable.of(Map.of())).isEmpty();
        assertThatThrownBy(() -> table.put("d", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> table.keySet().remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(table.get(42)).isNull();
    }

    @Property(tries = 500)
    void builder_randomPutsAndRemoves_agreesWithHashMap(
            @ForAll @Size(max = 80) List<@IntRange(min = -40, max = 40) Integer> operations) {
        StringTable.Builder<Integer> builder = new StringTable.Builder<>();
        Map<String, Integer> model = new HashMap<>();
        StringTable<Integer> earlier = builder.build();
        Map<String, Integer> earlierModel = Map.of();
        for (int op : operations) {
            String key = "k" + Math.abs(op) % 23; // few keys: updates, removals and probe chains collide
            if (op < 0) {
                builder.remove(key);
                model.remove(key);
            } else {
                builder.put(key, op);
                model.put(key, op);
            }
            StringTable<Integer> table = builder.build();
            assertThat(table).isEqualTo(model).hasSize(model.size());
            for (int k = 0; k < 23; k++) {
                assertThat(table.find("k" + k)).isEqualTo(model.get("k" + k));
            }
            if (op == 7) {
                earlier = table;
                earlierModel = Map.copyOf(model);
            }
        }
        assertThat(earlier).isEqualTo(earlierModel); // a built table does not change with the builder
    }

    @Property(tries = 300)
    void find_anyKeys_agreesWithHashMap(
            @ForAll @Size(max = 40) Map<@StringLength(max = 6) String, Integer> source,
            @ForAll @StringLength(max = 6) String probe) {
        StringTable<Integer> table = StringTable.of(new HashMap<>(source));
        assertThat(table).isEqualTo(source);
        source.forEach((key, value) ->
                assertThat(table.find(new String(key.toCharArray()))).isEqualTo(value));
        assertThat(table.find(probe)).isEqualTo(source.get(probe));
    }
}
