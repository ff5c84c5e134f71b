package io.webwaka.config.engine.flags;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable map from strings, for the lookups of the evaluation hot path: a context's attributes,
 * the flags of a set, the strings of an {@code in} condition.
 *
 * <p><b>Design note.</b> {@code Map.copyOf} and {@code Set.copyOf} probe with {@code Math.floorMod}
 * (an integer division per lookup) and always compare keys with {@code equals}. This table has a
 * power-of-two number of slots (a mask, no division), at most half full, probed linearly, with key
 * and value side by side in one array. A probe compares by identity first: the compiler interns
 * attribute names and flag keys, and an application's string literals are interned too, so the
 * usual hit costs one reference comparison; other equal strings still match (hash, then {@code
 * equals}). Null keys and values are not allowed. Unmodifiable (mutators throw {@link
 * UnsupportedOperationException}) and thread-safe.
 */
final class StringTable<V> extends AbstractMap<String, V> {
    private static final StringTable<?> EMPTY = new StringTable<>(Map.of());

    /** Key {@code i} at {@code 2i}, its value at {@code 2i + 1}; unused slots hold nulls. */
    private final Object[] slots;

    private final int mask;
    private final int size;

    private StringTable(Map<String, ? extends V> entries) {
        int capacity = Integer.highestOneBit(Math.max(1, entries.size()) * 2 - 1) << 1; // ≥ 2 × size
        this.slots = new Object[capacity * 2];
        this.mask = capacity - 1;
        this.size = entries.size();
        entries.forEach((key, value) -> {
            int i = slot(key);
            if (slots[2 * i] != null) {
                throw new IllegalArgumentException("duplicate key " + key);
            }
            slots[2 * i] = key;
            slots[2 * i + 1] = value;
        });
    }

    /** The table of {@code entries} (which must have no null key or value). */
    @SuppressWarnings("unchecked") // the empty table holds no value of any type
    static <V> StringTable<V> of(Map<String, ? extends V> entries) {
        for (Map.Entry<String, ? extends V> e : entries.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new NullPointerException("null key or value");
            }
        }
        return entries.isEmpty() ? (StringTable<V>) EMPTY : new StringTable<>(entries);
    }

    /** The value of {@code key} or {@code null}; allocates nothing. */
    @SuppressWarnings("unchecked") // values are only ever stored as V
    V find(String key) {
        Object[] s = slots;
        int h = key.hashCode(); // cached in the String after its first use
        for (int i = (h ^ h >>> 16) & mask; ; i = (i + 1) & mask) {
            Object k = s[2 * i];
            if (k == key) {
                return (V) s[2 * i + 1];
            }
            if (k == null) {
                return null;
            }
            if (k.hashCode() == h && k.equals(key)) {
                return (V) s[2 * i + 1];
            }
        }
    }

    /** Where {@code key} is, or the free slot it would take. */
    private int slot(String key) {
        int h = key.hashCode();
        int i = (h ^ h >>> 16) & mask;
        while (slots[2 * i] != null && !slots[2 * i].equals(key)) {
            i = (i + 1) & mask;
        }
        return i;
    }

    @Override
    public V get(Object key) {
        return key instanceof String ? find((String) key) : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, V>> iterator() {
                return new Entries();
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** Walks the used slots in table order. */
    private final class Entries implements Iterator<Entry<String, V>> {
        private int next = advance(0);

        private int advance(int from) {
            int i = from;
            while (i < slots.length && slots[i] == null) {
                i += 2;
            }
            return i;
        }

        @Override
        public boolean hasNext() {
            return next < slots.length;
        }

        @Override
        @SuppressWarnings("unchecked") // values are only ever stored as V
        public Entry<String, V> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Entry<String, V> entry = Map.entry((String) slots[next], (V) slots[next + 1]);
            next = advance(next + 2);
            return entry;
        }
    }
}
