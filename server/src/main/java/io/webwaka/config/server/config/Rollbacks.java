package io.webwaka.config.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.ItemState;
import io.webwaka.config.store.ItemWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Plans the override rows that make one environment's effective content equal to an earlier
 * revision's, without touching the project-wide layer (other environments read it). For each key it
 * prefers the override the environment had at that revision; where that no longer yields the old
 * value (the default changed since), it pins the old value, or hides the key if it was absent.
 */
final class Rollbacks {
    private Rollbacks() {}

    static List<ItemWrite> plan(Layers current, Layers target, long envId) {
        TreeMap<String, JsonNode> want = target.effective(envId);
        TreeSet<String> keys = new TreeSet<>(want.keySet());
        keys.addAll(current.effective(envId).keySet());
        keys.addAll(current.layer(envId).keySet());
        List<ItemWrite> writes = new ArrayList<>();
        for (String key : keys) {
            Layers.Entry now = current.layer(envId).get(key);
            Layers.Entry desired = desired(current, target.layer(envId).get(key), key, want.get(key));
            if (!same(now, desired)) {
                writes.add(
                        desired == null
                                ? new ItemWrite(current.kind(), envId, key, ItemState.DELETED, null, null)
                                : new ItemWrite(current.kind(), envId, key, desired.state(), desired.text(), null));
            }
        }
        return writes;
    }

    /** The override (or none: {@code null}) that yields {@code want} over the current default. */
    private static Layers.Entry desired(Layers current, Layers.Entry old, String key, JsonNode want) {
        Layers.Entry def = current.entry(0, key);
        JsonNode defValue = def != null && def.state() == ItemState.SET ? def.value() : null;
        Layers.Entry oldOverride = old != null && old.present() ? old : null;
        if (Objects.equals(resolve(oldOverride, defValue), want)) {
            return oldOverride;
        }
        if (want == null) {
            return defValue == null ? null : new Layers.Entry(ItemState.HIDDEN, null, null, null, 0);
        }
        return new Layers.Entry(ItemState.SET, want, io.webwaka.config.server.internal.Json.write(want), null, 0);
    }

    private static JsonNode resolve(Layers.Entry override, JsonNode defValue) {
        if (override == null) {
            return defValue;
        }
        return override.state() == ItemState.SET ? override.value() : null;
    }

    private static boolean same(Layers.Entry now, Layers.Entry desired) {
        Layers.Entry a = now != null && now.present() ? now : null;
        if (a == null || desired == null) {
            return a == desired;
        }
        return a.state() == desired.state() && Objects.equals(a.value(), desired.value());
    }
}
