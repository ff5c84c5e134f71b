package io.webwaka.config.engine.flags;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable map from strings, for the lookups of the evaluation hot path: a context's attributes,
 * the flags of a set, the strings of an {@code in} condition.
 *
 * <p><b>Design note.</b> {@code Map.copyOf} and {@code Set.copyOf} probe with {@code Math.floorMod}
 * (an integer division per lookup) and always compare keys with {@code equals}. This table has a
 * power-of-two number of slots (a mask, no division), at most half full, probed linearly, with key
 * and value side by side in one array. A probe compares by identity first: the compiler interns
 * attribute names, flag keys and the strings of {@code in} conditions, and an application's string
 * literals are interned too, so the usual hit costs one reference comparison; other equal strings
 * still match (hash, then {@code equals}). {@link Builder} fills the slots directly (a context is
 * built per request). Null keys and values are not allowed. Unmodifiable (mutators throw {@link
 * UnsupportedOperationException}) and thread-safe.
 */
final class StringTable<V> extends AbstractMap<String, V> {
    private static final StringTable<?> EMPTY = new StringTable<>(new Object[2], 0);

    /** Key {@code i} at {@code 2i}, its value at {@code 2i + 1}; unused slots hold nulls. */
    private final Object[] slots;

    /** The number of slots less one; a field, so a lookup need not wait for the array's length. */
    private final int mask;

    private final int size;

    private StringTable(Object[] slots, int size) {
        this.slots = slots;
        this.mask = (slots.length >> 1) - 1;
        this.size = size;
    }

    /** The table of {@code entries} (which must have no null key or value). */
    static <V> StringTable<V> of(Map<String, ? extends V> entries) {
        Builder<V> builder = new Builder<>();
        entries.forEach(builder::put);
        return builder.build();
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

    /** The slot a key hashes to in a table of {@code mask + 1} slots. */
    private static int home(Object key, int mask) {
        int h = key.hashCode();
        return (h ^ h >>> 16) & mask;
    }

    /**
     * Collects entries for a table: the same open addressing, kept at most half full as it grows, with
     * backward-shift deletion so that removing leaves no marker for {@link #find} to skip. {@link
     * #build} copies the slots, so the builder can go on. Not thread-safe.
     */
    static final class Builder<V> {
        private Object[] slots = new Object[16]; // 8 slots: contexts rarely have more than 4 attributes
        private int size;

        /** Sets {@code key} to {@code value}; neither may be null. */
        void put(String key, V value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            int i = slot(key);
            if (slots[2 * i] == null) {
                if (2 * (size + 1) > slots.length / 2) {
                    grow();
                    i = slot(key);
                }
                slots[2 * i] = key;
                size++;
            }
            slots[2 * i + 1] = value;
        }

        /** Removes {@code key} if present. */
        void remove(String key) {
            int mask = (slots.length >> 1) - 1;
            int i = slot(key);
            if (slots[2 * i] == null) {
                return;
            }
            for (int j = (i + 1) & mask; slots[2 * j] != null; j = (j + 1) & mask) {
                int home = home(slots[2 * j], mask);
                boolean stays = i <= j ? (i < home && home <= j) : (i < home || home <= j); // home in (i, j]
                if (!stays) { // move it back into the hole, which moves on to j
                    slots[2 * i] = slots[2 * j];
                    slots[2 * i + 1] = slots[2 * j + 1];
                    i = j;
                }
            }
            slots[2 * i] = null;
            slots[2 * i + 1] = null;
            size--;
        }

        boolean isEmpty() {
            return size == 0;
        }

        /** The table of the entries so far. */
        @SuppressWarnings("unchecked") // the empty table holds no value of any type
        StringTable<V> build() {
            return size == 0 ? (StringTable<V>) EMPTY : new StringTable<>(slots.clone(), size);
        }

        /** Where {@code key} is, or the free slot it would take. */
        private int slot(String key) {
            int mask = (slots.length >> 1) - 1;
            int i = home(key, mask);
            while (slots[2 * i] != null && !slots[2 * i].equals(key)) {
                i = (i + 1) & mask;
            }
            return i;
        }

        private void grow() {
            Object[] old = slots;
            slots = new Object[old.length * 2];
            size = 0;
            for (int i = 0; i < old.length; i += 2) {
                if (old[i] != null) {
                    int at = slot((String) old[i]);
                    slots[2 * at] = old[i];
                    slots[2 * at + 1] = old[i + 1];
                    size++;
                }
            }
        }
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
