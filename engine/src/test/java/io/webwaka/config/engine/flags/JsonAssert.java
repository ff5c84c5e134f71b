package io.webwaka.config.engine.flags;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** JSON value equality for tests: numbers compare by value ({@code 3} equals {@code 3.0}). */
final class JsonAssert {
    private JsonAssert() {}

    static boolean jsonEquals(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        }
        if (a instanceof Map && b instanceof Map) {
            Map<?, ?> x = (Map<?, ?>) a;
            Map<?, ?> y = (Map<?, ?>) b;
            return x.keySet().equals(y.keySet()) && x.keySet().stream().allMatch(k -> jsonEquals(x.get(k), y.get(k)));
        }
        if (a instanceof List && b instanceof List) {
            List<?> x = (List<?>) a;
            List<?> y = (List<?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!jsonEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }
}
