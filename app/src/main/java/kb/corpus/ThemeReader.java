package kb.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kb.model.Theme;

/** Reads {@code themes.yaml}: the list of lesson themes. */
public final class ThemeReader {
    public static final String FILE_NAME = "themes.yaml";
    private static final int MAX_BYTES = 1 << 20;

    private ThemeReader() {}

    public static List<Theme> read(Path file) throws CaseFileException {
        JsonNode root;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new CaseFileException(0, "file is " + Files.size(file) + " bytes, over the " + (MAX_BYTES >> 20) + " MiB limit");
            }
            root = new YAMLMapper().readTree(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString());
        } catch (CharacterCodingException e) {
            throw new CaseFileException(0, "not valid UTF-8 text (save the file as UTF-8)");
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
