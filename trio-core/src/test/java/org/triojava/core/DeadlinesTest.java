package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The deadline heap on its own, against a model: whatever the order of registrations, moves and
 * removals, {@code next()} is the earliest deadline and {@code expire} fires entries in
 * (deadline, registration) order — equal deadlines in the order they were first registered.
 */
class DeadlinesTest {
    /** A heap entry that records when it fired. */
    private static final class Entry extends Timed {
        final String name;
        final List<String> fired;

        Entry(String name, List<String> fired) {
            this.name = name;
            this.fired = fired;
        }

        @Override
        void expire(Runner runner) {
            fired.add(name);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Test
    void equalDeadlinesFireInRegistrationOrderAndMovesKeepTheirPlace() {
        List<String> fired = new ArrayList<>();
        Deadlines deadlines = new Deadlines();
        Entry a = new Entry("a", fired);
        Entry b = new Entry("b", fired);
        Entry c = new Entry("c", fired);
        Entry d = new Entry("d", fired);
        deadlines.set(a, 5);
        deadlines.set(b, 3);
        deadlines.set(c, 5);
        deadlines.set(d, 1);
        assertEquals(1.0, deadlines.next());
        deadlines.set(d, 5); // moved later, past a and c: still registered before c, after a
        deadlines.set(b, 7); // moved past every other pending deadline
        assertEquals(5.0, deadlines.next());
        assertFalse(deadlines.expire(4.999, null));
        assertEquals(List.of(), fired);
        assertTrue(deadlines.expire(5, null)); // "at or before now"
        assertEquals(List.of("a", "c", "d"), fired);
        assertEquals(1, deadlines.size());
        assertEquals(7.0, deadlines.next());
        deadlines.set(b, 2); // moved earlier
        assertEquals(2.0, deadlines.next());
        deadlines.remove(b);
        deadlines.remove(b); // not registered any more: nothing happens
        assertEquals(0, deadlines.size());
        assertEquals(Double.POSITIVE_INFINITY, deadlines.next());
        assertFalse(deadlines.expire(Double.POSITIVE_INFINITY, null));
    }

    @Test
    void removingFromTheMiddleKeepsTheOrder() {
        List<String> fired = new ArrayList<>();
        Deadlines deadlines = new Deadlines();
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            Entry entry = new Entry("e" + i, fired);
            entries.add(entry);
            deadlines.set(entry, i);
        }
        // leaves and inner nodes of the heap, each replaced by the last entry
        for (int i : new int[] {3, 7, 1, 12, 5}) {
            deadlines.remove(entries.get(i));
        }
        deadlines.expire(100, null);
        assertEquals(List.of("e0", "e2", "e4", "e6", "e8", "e9", "e10", "e11", "e13", "e14"), fired);
    }

    @Test
    void aThousandRandomOperationsAgreeWithTheModel() {
        for (long seed = 1; seed <= 20; seed++) {
            checkAgainstModel(new Random(seed), seed);
        }
    }

    private static void checkAgainstModel(Random random, long seed) {
        List<String> fired = new ArrayList<>();
        Deadlines deadlines = new Deadlines();
        Map<Entry, double[]> model = new HashMap<>(); // entry -> {deadline, registration number}
        List<Entry> all = new ArrayList<>();
        long registrations = 0;
        double now = 0;
        for (int step = 0; step < 1000; step++) {
            int what = random.nextInt(10);
            if (what < 4 || all.isEmpty()) { // a new entry (few distinct deadlines: many ties)
                Entry entry = new Entry("s" + seed + "#" + step, fired);
                double deadline = now + random.nextInt(50);
                deadlines.set(entry, deadline);
                model.put(entry, new double[] {deadline, registrations++});
                all.add(entry);
            } else if (what < 6) { // move a registered one, or register an expired one again
                Entry entry = all.get(random.nextInt(all.size()));
                double deadline = now + random.nextInt(50);
                deadlines.set(entry, deadline);
                double[] known = model.get(entry);
                model.put(entry, new double[] {deadline, known != null ? known[1] : registrations++});
            } else if (what < 8) {
                Entry entry = all.get(random.nextInt(all.size()));
                deadlines.remove(entry);
                model.remove(entry);
            } else {
                now += random.nextInt(10);
                fired.clear();
                boolean any = deadlines.expire(now, null);
                double limit = now;
                List<String> expected = model.entrySet().stream()
                        .filter(e -> e.getValue()[0] <= limit)
                        .sorted(Comparator.<Map.Entry<Entry, double[]>>comparingDouble(e -> e.getValue()[0])
                                .thenComparingDouble(e -> e.getValue()[1]))
                        .map(e -> e.getKey().name)
                        .toList();
                assertEquals(expected, fired, "seed " + seed + " step " + step);
                assertEquals(!expected.isEmpty(), any);
                model.keySet().removeIf(entry -> model.get(entry)[0] <= limit);
            }
            assertEquals(model.size(), deadlines.size(), "seed " + seed + " step " + step);
            double earliest = model.values().stream().mapToDouble(v -> v[0]).min().orElse(Double.POSITIVE_INFINITY);
            assertEquals(earliest, deadlines.next(), "seed " + seed + " step " + step);
        }
    }

    @Test
    void theHeapGrowsAndShrinksWithoutLosingAnything() {
        List<String> fired = new ArrayList<>();
        Deadlines deadlines = new Deadlines();
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Entry entry = new Entry("e" + i, fired);
            entries.add(entry);
            deadlines.set(entry, 1000 - i);
        }
        for (int i = 0; i < 990; i++) {
            deadlines.remove(entries.get(i)); // shrinks the array on the way down
        }
        assertEquals(10, deadlines.size());
        deadlines.expire(1000, null);
        assertEquals(List.of("e999", "e998", "e997", "e996", "e995", "e994", "e993", "e992", "e991", "e990"), fired);
    }
}
