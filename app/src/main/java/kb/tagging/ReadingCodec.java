package kb.tagging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.DataInput;

/**
 * A {@link TriggerFeatures.Reading} as bytes, to keep with each case: when the model changes, the case is tagged
 * again from them without analysing its text. Each word is three numbers (Lucene vInts) into a table of strings
 * shared by the generation (base form, surface, gap): about four bytes a word.
 */
public final class ReadingCodec {
    private ReadingCodec() {}

    public static byte[] encode(TriggerFeatures.Reading reading, StringTable strings) throws IOException {
        ByteBuffersDataOutput out = new ByteBuffersDataOutput();
        out.writeVInt(reading.words().size());
        for (TriggerFeatures.Word w : reading.words()) {
            out.writeVInt(strings.id(w.word()));
            out.writeVInt(w.surface().equals(w.word()) ? 0 : strings.id(w.surface()));
            out.writeVInt(w.gap() == null ? 0 : strings.id(w.gap()) + 1);
        }
        return out.toArrayCopy();
    }

    public static TriggerFeatures.Reading decode(byte[] bytes, StringTable strings) throws IOException {
        return decodeWithIds(bytes, strings).reading();
    }

    /** A stored reading, and the string ids of its words in order (for {@link FeatureIndex}). */
    public record Decoded(TriggerFeatures.Reading reading, int[] wordIds) {}

    public static Decoded decodeWithIds(byte[] bytes, StringTable strings) throws IOException {
        // Over a ByteBuffer, a truncated reading is an EOFException (ByteArrayDataInput would not check).
        DataInput in = new ByteBuffersDataInput(List.of(ByteBuffer.wrap(bytes)));
        int n = in.readVInt();
        List<TriggerFeatures.Word> words = new ArrayList<>(n);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = in.readVInt();
            String word = strings.text(ids[i]);
            int surface = in.readVInt();
            int gap = in.readVInt();
            words.add(new TriggerFeatures.Word(word, surface == 0 ? word : strings.text(surface), gap == 0 ? null : strings.text(gap - 1)));
        }
        return new Decoded(new TriggerFeatures.Reading(List.copyOf(words)), ids);
    }

    /**
     * The strings of a generation's readings, numbered from 1 in the order first seen; safe for several threads.
     * {@link #added} lists those not yet stored.
     */
    public static final class StringTable {
        private final Map<String, Integer> ids = new ConcurrentHashMap<>();
        private final List<String> texts = new ArrayList<>();
        private int stored;

        /** A table holding {@code stored} (string 1 first), all of them already stored. */
        public StringTable(List<String> stored) {
            for (String s : stored) {
                texts.add(s);
                ids.put(s, texts.size());
            }
            this.stored = texts.size();
        }

        int id(String text) {
            Integer id = ids.get(text);
            if (id != null) {
                return id;
            }
            synchronized (texts) {
                return ids.computeIfAbsent(text, t -> {
                    texts.add(t);
                    return texts.size();
                });
            }
        }

        /** The id of {@code text}, or 0 when the table does not hold it. */
        int find(String text) {
            Integer id = ids.get(text);
            return id == null ? 0 : id;
        }

        int size() {
            synchronized (texts) {
                return texts.size();
            }
        }

        String text(int id) throws IOException {
            synchronized (texts) {
                if (id < 1 || id > texts.size()) {
                    throw new IOException("a reading refers to string " + id + " of " + texts.size());
                }
                return texts.get(id - 1);
            }
        }

        /** Strings added to a table: their texts, numbered from {@code firstId}. */
        public record Added(int firstId, List<String> texts) {}

        /** The strings added since the table was made or last asked, in id order; they count as stored after. */
        public Added added() {
            synchronized (texts) {
                Added added = new Added(stored + 1, List.copyOf(texts.subList(stored, texts.size())));
                stored = texts.size();
                return added;
            }
        }
    }
}
