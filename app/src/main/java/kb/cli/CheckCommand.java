package kb.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import kb.model.Lesson;
import kb.store.Json;
import kb.store.KnowledgeBase;
import kb.users.Access;
import kb.users.User;
import kb.users.UsersDatabase;
import kb.users.check.CheckMatch;
import kb.users.check.CheckService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Pre-change check: the past cases most like a planned change, with their lessons and the shared words.",
                "Reads the description of the change from stdin, or from --file."})
final class CheckCommand implements Callable<Integer> {
    /** UTF-8 takes at most 4 bytes a character: more bytes than this cannot be an acceptable text. */
    private static final int MAX_BYTES = CheckService.MAX_TEXT * 4;

    @Mixin
    IndexOption index;

    @Option(names = "--file", paramLabel = "F", description = "read the change description from this file (UTF-8)")
    Path file;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "5",
            description = "number of cases, 1–" + CheckService.MAX_LIMIT + " (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Spec
    CommandSpec spec;

    /** The CLI's JSON contract: exactly these fields. */
    record Output(List<CheckMatch> matches) {}

    @Override
    public Integer call() throws Exception {
        if (limit < 1 || limit > CheckService.MAX_LIMIT) {
            throw new ParameterException(spec.commandLine(), "--limit must be between 1 and " + CheckService.MAX_LIMIT + ", got " + limit);
        }
        String text = file == null ? read(System.in) : readFile(file);
        PrintWriter out = spec.commandLine().getOut();
        try (KnowledgeBase kb = KnowledgeBase.open(index.directory())) {
            UsersDatabase users = UsersDatabase.open(index.directory().usersDatabase());
            List<CheckMatch> matches = new CheckService(users, new Access(users), () -> kb, Clock.systemUTC()).check(User.OPERATOR, text, limit);
            if (json) {
                out.println(Json.MAPPER.writeValueAsString(new Output(matches)));
                return 0;
            }
            out.printf("変更内容に似た過去事例 cases like the change: %d 件%n", matches.size());
            int n = 0;
            for (CheckMatch m : matches) {
                out.printf("%2d. %s  %s  [%s]  %s%n", ++n, m.date(), m.title(), m.trigger(), m.caseId());
                out.println("    共通する語 shared terms: " + m.sharedTerms().stream()
                        .map(t -> String.format("%s (%.2f)", t.term(), t.weight())).collect(Collectors.joining("、")));
                for (Lesson l : m.lessons()) {
                    out.println("    - " + l.text() + "  (" + l.id() + ")");
                }
            }
            return 0;
        }
    }

    private static String readFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such file: " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /** The text, or an IOException when it is too long or not UTF-8: never more than a bounded read. */
    private static String read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new IOException("the change description is too long (at most " + CheckService.MAX_TEXT + " characters)");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("the change description is not UTF-8 text");
        }
    }
}
