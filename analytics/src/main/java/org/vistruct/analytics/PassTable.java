package org.vistruct.analytics;

import java.util.Arrays;
import org.vistruct.index.PassView;

/**
 * Passes read from the index as parallel columns (plate id, device id, time, packed attributes, ref),
 * grouped by plate and ordered by time within each plate on demand: a counting sort by plate (one
 * pass over the columns), then a sort of each plate's few passes by time, which arrive nearly
 * ordered already (the index holds them in write order). 32 bytes a pass, no object per pass.
 */
final class PassTable implements PassView.Visitor {
    private final Budget budget;
    int size;
    int[] plate = new int[1024], device = new int[1024];
    long[] time = new long[1024], attributes = new long[1024], ref = new long[1024];
    /** After {@link #groupByPlate}: pass indices by plate, and where each plate's run starts (plate p: start[p] to start[p + 1]). */
    int[] order, start;

    PassTable(Budget budget) { this.budget = budget; }

    @Override
    public void pass(int p, int d, long t, long a, long r) {
        budget.pass();
        if (size == plate.length) grow();
        plate[size] = p;
        device[size] = d;
        time[size] = t;
        attributes[size] = a;
        ref[size] = r;
        size++;
    }

    private void grow() {
        int n = plate.length * 2;
        plate = Arrays.copyOf(plate, n);
        device = Arrays.copyOf(device, n);
        time = Arrays.copyOf(time, n);
        attributes = Arrays.copyOf(attributes, n);
        ref = Arrays.copyOf(ref, n);
    }

    /** Pass indices in time order. */
    int[] byTime() {
        Integer[] idx = new Integer[size];
        for (int i = 0; i < size; i++) idx[i] = i;
        java.util.Arrays.sort(idx, (a, b) -> Long.compare(time[a], time[b]));
        int[] out = new int[size];
        for (int i = 0; i < size; i++) out[i] = idx[i];
        return out;
    }

    /** The refs of the first {@code max} passes in time order (all of them when fewer). */
    long[] refsByTime(int max) {
        int[] order = byTime();
        long[] refs = new long[Math.min(max, size)];
        for (int i = 0; i < refs.length; i++) refs[i] = ref[order[i]];
        return refs;
    }

    /** Groups the passes by plate, each plate's in time order. */
    void groupByPlate(int plateIds) {
        start = new int[plateIds + 1];
        for (int i = 0; i < size; i++) start[plate[i] + 1]++;
        for (int p = 0; p < plateIds; p++) start[p + 1] += start[p];
        int[] next = Arrays.copyOf(start, plateIds);
        order = new int[size];
        for (int i = 0; i < size; i++) order[next[plate[i]]++] = i;
        for (int p = 0; p < plateIds; p++) sortByTime(start[p], start[p + 1]);
    }

    /** Insertion sort: a plate's passes are few and nearly in order. */
    private void sortByTime(int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int x = order[i];
            long t = time[x];
            int j = i - 1;
            while (j >= from && time[order[j]] > t) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = x;
        }
    }
}
