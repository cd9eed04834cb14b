package kb.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import kb.model.Trigger;
import kb.search.Hit;
import kb.search.SearchRequest;
import kb.search.SearchResult;
import kb.store.Json;
import kb.store.KnowledgeBase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search the cases. Words are ANDed; \"quote\" a phrase; -word excludes."})
final class SearchCommand implements Callable<Integer> {
    @Mixin
    IndexOption index;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "number of hits, 1–100 (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--trigger", paramLabel = "T", description = "only cases of this trigger: attack, integration, operations, special-work")
    String trigger;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Parameters(paramLabel = "QUERY", arity = "0..*", description = "the words to search for")
    List<String> words;

    @Spec
    CommandSpec spec;

    /** The CLI's JSON contract: exactly these fields. */
    record Output(String query, long total, List<Hit> hits) {}

    @Override
    public Integer call() throws Exception {
        if (limit < 1 || limit > SearchRequest.MAX_LIMIT) {
            throw new ParameterException(spec.commandLine(), "--limit must be between 1 and " + SearchRequest.MAX_LIMIT + ", got " + limit);
        }
        Trigger t = trigger == null ? null : Trigger.fromSlug(trigger).orElseThrow(() -> new ParameterException(
                spec.commandLine(), "unknown --trigger '" + trigger + "'; use one of " + Trigger.slugs()));
        String query = words == null ? "" : String.join(" ", words);
        PrintWriter out = spec.commandLine().getOut();
        try (KnowledgeBase kb = KnowledgeBase.open(index.directory())) {
            SearchResult result = kb.searcher().search(SearchRequest.of(query, limit).withTrigger(t));
            if (json) {
                out.println(Json.MAPPER.writeValueAsString(new Output(result.query(), result.total(), result.hits())));
                return 0;
            }
            out.printf("「%s」の検索結果: %d 件%s%n", result.query(), result.total(),
                    result.relaxed() ? "（すべての語を含む事例がないため、いずれかの語を含む事例）"
                            : result.exact() < result.total() ? "（すべての語を含むのは " + result.exact() + " 件、以降は一部の語を含む事例）" : "");
            if (!result.unmatched().isEmpty()) {
                out.println("該当なしの語: " + String.join(" ", result.unmatched()));
            }
            if (result.didYouMean() != null) {
                out.println("もしかして: " + result.didYouMean().query());
            }
            int n = 0;
            for (Hit hit : result.hits()) {
                out.printf("%2d. %s  %s  [%s]  %s%n", ++n, hit.date(), hit.title(), hit.trigger(), hit.id());
                if (!hit.passages().isEmpty()) {
                    out.println("    " + Snippets.toTerminal(hit.passages()));
                }
            }
            return 0;
        }
    }
}
