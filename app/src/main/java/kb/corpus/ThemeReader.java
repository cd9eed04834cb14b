package kb.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kb.model.Theme;

/** Reads {@code themes.yaml}: the list of lesson themes. */
public final class ThemeReader {
    public static final String FILE_NAME = "themes.yaml";

    private ThemeReader() {}

    public static List<Theme> read(Path file) throws CaseFileException {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new CaseFileException(e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new CaseFileException(0, "cannot read: " + e.getMessage());
        }
        JsonNode list = root == null ? null : root.get("themes");
        if (list == null || !list.isArray()) {
            throw new CaseFileException(1, "expected 'themes:' with a list of {name, en, description, fits}");
        }
        List<Theme> themes = new ArrayList<>();
        for (JsonNode item : list) {
            String name = item.path("name").asText("").strip();
            if (name.isEmpty()) {
                throw new CaseFileException(0, "theme " + (themes.size() + 1) + " has no name");
            }
            themes.add(new Theme(name, item.path("en").asText(""), item.path("description").asText(""),
                    item.path("fits").asText("")));
        }
        return List.copyOf(themes);
    }
}
