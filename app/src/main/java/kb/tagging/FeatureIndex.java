package kb.tagging;

import java.util.Arrays;
import java.util.List;

/**
 * A model's features by the ids of a generation's string table: a stored reading becomes the model's feature
 * indices without making a string — the costly part of re-tagging 100,000 cases with a new model. The indices
 * come in the order of {@link TriggerFeatures.Reading#features()}, so the model reads exactly what it reads there.
 */
public final class FeatureIndex {
    /** Feature index of each word by string id (-1: unknown to the model). */
    private final int[] words;
    /** Feature index of each pair of words, by their string ids: open addressing, no boxing. */
    private final long[] pairKeys;
    private final int[] pairValues;
    private final int mask;

    public FeatureIndex(TriggerModel model, ReadingCodec.StringTable strings) {
        words = new int[strings.size() + 1];
        Arrays.fill(words, -1);
        List<String> features = model.features();
        int capacity = Integer.highestOneBit(Math.max(16, features.size() * 2)) << 1;
        pairKeys = new long[capacity];
        pairValues = new int[capacity];
        mask = capacity - 1;
        Arrays.fill(pairKeys, EMPTY);
        for (int j = 0; j < features.size(); j++) {
            String f = features.get(j);
            int space = f.indexOf(' ');
            if (space < 0) {
                int id = strings.find(f);
                if (id > 0) {
                    words[id] = j;
                }
            } else {
                int first = strings.find(f.substring(0, space));
                int second = strings.find(f.substring(space + 1));
                if (first > 0 && second > 0) {
                    long key = key(first, second);
                    int slot = slot(key);
                    while (pairKeys[slot] != EMPTY && pairKeys[slot] != key) {
                        slot = (slot + 1) & mask;
                    }
                    if (pairKeys[slot] == EMPTY) {
                        pairKeys[slot] = key;
                        pairValues[slot] = j;
                    }
                }
            }
        }
    }

    /** The feature indices of a reading given by its words' string ids: each word, then each pair of neighbours. */
    public int[] of(int[] wordIds) {
        int[] indices = new int[wordIds.length * 2 - (wordIds.length > 0 ? 1 : 0)];
        for (int i = 0; i < wordIds.length; i++) {
            indices[i] = wordIds[i] < words.length ? words[wordIds[i]] : -1;
        }
        for (int i = 1; i < wordIds.length; i++) {
            indices[wordIds.length + i - 1] = pair(key(wordIds[i - 1], wordIds[i]));
        }
        return indices;
    }

    private int pair(long key) {
        for (int slot = slot(key); pairKeys[slot] != EMPTY; slot = (slot + 1) & mask) {
            if (pairKeys[slot] == key) {
                return pairValues[slot];
            }
        }
        return -1;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** String ids start at 1: no key is 0. */
    private static final long EMPTY = 0;

    private static long key(int first, int second) {
        return ((long) first << 32) | (second & 0xffffffffL);
    }
}
