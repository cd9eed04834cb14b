package kb.tagging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kb.model.Trigger;

/**
 * Prior knowledge for the model (kb/tagging/lexicon.yaml): for each trigger, the words and typical
 * situations that characterise it, read as one text of that category.
 */
final class TriggerLexicon {
    static final Map<Trigger, String> TEXTS;
    /** Words of report structure and aftermath, which say nothing about the trigger. */
    static final Set<String> NEUTRAL;

    static {
        JsonNode root = read();
        Map<Trigger, String> texts = new EnumMap<>(Trigger.class);
        for (Trigger t : Trigger.values()) {
            List<String> parts = new ArrayList<>();
            root.path(t.slug()).path("words").forEach(w -> parts.add(w.asText()));
            root.path(t.slug()).path("situations").forEach(s -> parts.add(s.asText()));
            texts.put(t, String.join("\n", parts));
        }
        TEXTS = texts;
        Set<String> neutral = new HashSet<>();
        root.path("neutral").forEach(w -> neutral.add(w.asText()));
        NEUTRAL = Set.copyOf(neutral);
    }

    private TriggerLexicon() {}

    private static JsonNode read() {
        try (InputStream in = TriggerLexicon.class.getResourceAsStream("lexicon.yaml")) {
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trigger lexicon", e);
        }
    }
}
