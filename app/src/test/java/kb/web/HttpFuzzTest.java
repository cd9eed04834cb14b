package kb.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kb.store.IndexDirectory;
import kb.users.Role;
import kb.users.User;
import kb.users.accounts.AccountService;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing over HTTP: every route the app registers, with its path parameters, every query and form
 * parameter the handlers read and every field of the JSON requests, filled with generated values — wrong types,
 * control characters, huge numbers, broken and duplicated JSON — as anonymous visitors and as each role. No answer
 * may be a 5xx or show a stack trace or a Java name. The routes and parameter names are read from the app itself,
 * so a new route or parameter is fuzzed without touching this test. Bounded by the number of tries (well under a
 * minute on two shared cores).
 */
class HttpFuzzTest {
    /** Signs of internals that must never reach a client. */
    private static final Pattern LEAK = Pattern.compile(
            "(?m)^\\s+at [\\w.$]+\\(|\\b(?:java|javax|jakarta|kb|io\\.javalin|org\\.eclipse|com\\.fasterxml)\\.[\\w.]*\\.[A-Z]\\w*"
                    + "|\\w+Exception\\b|\\w+\\$\\w+Request\\b");
    private static final String PASSWORD = "fuzzing is fun and long";

    private static Path dir;
    private static TestServer server;
    private static List<String[]> routes;
    private static List<String> parameters;
    private static List<String> jsonFields;
    private static Map<Role, String> tokens;
    /** The request before, with its answer's status and headers: a connection closed by it shows on the next. */
    private static volatile String previous = "none";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** One generated request: method, path, query, a body of a content type, and the credentials sent. */
    record Fuzz(String method, String path, String query, String contentType, String body, String authorization) {}

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("kb-fuzz");
        IndexDirectory index = TestCasebook.ingest(dir);
        server = new TestServer(index);
        AccountService accounts = new AccountService(server.users, Clock.systemUTC());
        tokens = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            accounts.addUser(User.OPERATOR, "fuzz-" + role.slug(), role, PASSWORD.toCharArray());
            tokens.put(role, accounts.createApiToken(User.OPERATOR, "fuzz-" + role.slug(), null));
        }
        routes = server.app().unsafe.internalRouter.allHttpHandlers().stream()
                .map(p -> p.endpoint)
                .filter(e -> e.path.startsWith("/") && e.method.isHttpMethod())
                .map(e -> new String[] {e.method.name(), e.path})
                .collect(Collectors.toCollection(ArrayList::new));
        routes.add(new String[] {"GET", "/assets/{name}"}); // static files, served beside the router
        parameters = parameterNames();
        jsonFields = jsonFieldNames();
        assertTrue(routes.size() >= 40, "the routes were read from the app: " + routes.size());
        assertTrue(parameters.contains("q") && parameters.contains("limit"), parameters.toString());
        assertTrue(jsonFields.contains("caseIds") && jsonFields.contains("lessonId"), jsonFields.toString());
    }

    @AfterContainer
    static void stop() throws IOException {
        server.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 700, shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
    void noRequestGets5xxOrShowsInternals(@ForAll("requests") Fuzz fuzz) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(fuzz.path() + fuzz.query())))
                .timeout(Duration.ofSeconds(30))
                .method(fuzz.method(), fuzz.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(fuzz.body()));
        if (fuzz.contentType() != null) {
            b.header("Content-Type", fuzz.contentType());
        }
        if (fuzz.authorization() != null) {
            b.header("Authorization", fuzz.authorization());
        }
        HttpResponse<String> r;
        try {
            r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("no answer to " + fuzz + " (after " + previous + ")", e);
        }
        String what = fuzz + " → " + r.statusCode() + " " + r.body().substring(0, Math.min(400, r.body().length()));
        previous = fuzz + " → " + r.statusCode() + " " + r.headers().map();
        assertTrue(r.statusCode() < 500, what);
        Matcher leak = LEAK.matcher(r.body());
        assertFalse(leak.find(), (leak.hitEnd() ? "" : "'" + leak.group() + "' in ") + what);
    }

    @Provide
    Arbitrary<Fuzz> requests() {
        Arbitrary<String[]> route = Arbitraries.of(routes);
        Arbitrary<String> query = Arbitraries.subsetOf(parameters).ofMaxSize(4).flatMap(names -> {
            List<Arbitrary<String>> pairs = names.stream()
                    .map(n -> values().map(v -> enc(n) + "=" + enc(v))).toList();
            return pairs.isEmpty() ? Arbitraries.just("") : Combinators.combine(pairs).as(p -> "?" + String.join("&", p));
        });
        Arbitrary<String> authorization = Arbitraries.oneOf(
                Arbitraries.just((String) null),
                Arbitraries.of(tokens.values().stream().map(t -> "Bearer " + t).toList()),
                Arbitraries.of("Bearer ", "Bearer not-a-token", "Basic YWRtaW46YWRtaW4=", "bearer x", "Bearer \u00e9"));
        return Combinators.combine(route, pathValues(), query, bodies(), authorization)
                .as((r, pathValue, q, body, auth) -> {
                    String path = fillPath(r[1], pathValue);
                    boolean hasBody = !r[0].equals("GET") && !r[0].equals("HEAD") && !r[0].equals("DELETE");
                    return new Fuzz(r[0], path, q, hasBody ? body[0] : null, hasBody ? body[1] : null, auth);
                });
    }

    /** Path parameters: real ids and keys as often as anything else, so handlers get past their lookups. */
    private static Arbitrary<List<String>> pathValues() {
        Arbitrary<String> one = Arbitraries.oneOf(
                Arbitraries.of("2025-01-bank-ddos", TestCasebook.HOSTILE_ID, "2025-01-bank-ddos#L1", "CHG-1", "1", "2",
                        "fuzz-reviewer", "disable", "enable", "role", "password", "attack", "DDoS対策", "x.md", "1.md",
                        "CHG-1.txt", "CHG-1.jira"),
                values());
        return one.list().ofSize(3);
    }

    private static String fillPath(String template, List<String> values) {
        Matcher m = Pattern.compile("\\{[^}]+}").matcher(template);
        StringBuilder path = new StringBuilder();
        int i = 0;
        while (m.find()) {
            m.appendReplacement(path, Matcher.quoteReplacement(encPath(values.get(i++ % values.size()))));
        }
        m.appendTail(path);
        return path.toString();
    }

    /** Values of any kind: numbers at and past every limit, markup, control characters, any Unicode, long text. */
    private static Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", "0", "-1", "1", "2", "50", "51", "100", "101", "1000", "1001", "1.5", "1e400",
                        "9999999999999999999", "NaN", "true", "null", "[]", "{}", "date", "relevance", "attack", "銀行",
                        "2024", "instructor", "open", "closed", "save", "up:0:0", "mremove:9", "remove:0:99", "/",
                        "//evil.example", "/\\evil", "javascript:alert(1)", "<script>alert(1)</script>", "'\"", "%",
                        "%zz", "../../etc/passwd", "\u0000", "\r\n", "a".repeat(3000), "障".repeat(300), "CHG-1",
                        "2025-01-bank-ddos#L1", "fuzz-reviewer", "reviewer", "trainer", "admin"),
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf));
    }

    /** A content type and a body: a form of the parameters, JSON of the request fields (whole or broken), or noise. */
    private static Arbitrary<String[]> bodies() {
        Arbitrary<String> form = Arbitraries.subsetOf(parameters).ofMaxSize(6).flatMap(names -> {
            List<Arbitrary<String>> pairs = names.stream().map(n -> values().map(v -> enc(n) + "=" + enc(v))).toList();
            return pairs.isEmpty() ? Arbitraries.just("") : Combinators.combine(pairs).as(p -> String.join("&", p));
        });
        Arbitrary<String> json = Arbitraries.oneOf(jsonObject(2), jsonObject(2).flatMap(HttpFuzzTest::broken));
        return Arbitraries.oneOf(
                form.map(f -> new String[] {"application/x-www-form-urlencoded", f}),
                json.map(j -> new String[] {"application/json", j}),
                Arbitraries.strings().all().ofMaxLength(200).map(s -> new String[] {"application/json", s}),
                Arbitraries.of(new String[] {"text/plain", "hello"}, new String[] {null, ""},
                        new String[] {"application/json", "[".repeat(5000)},
                        new String[] {"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\nv\r\n--x--"},
                        new String[] {"application/x-www-form-urlencoded", "%%%&&==&a=%E3%81"}));
    }

    /** A JSON object of the API's request fields, its values of any JSON type (objects nested up to {@code depth}). */
    private static Arbitrary<String> jsonObject(int depth) {
        return Arbitraries.subsetOf(jsonFields).ofMaxSize(5).flatMap(names -> {
            List<Arbitrary<String>> members = names.stream()
                    .map(n -> jsonValue(depth).map(v -> quote(n) + ": " + v)).toList();
            return members.isEmpty() ? Arbitraries.just("{}")
                    : Combinators.combine(members).as(m -> "{" + String.join(", ", m) + "}");
        });
    }

    private static Arbitrary<String> jsonValue(int depth) {
        List<Arbitrary<String>> kinds = new ArrayList<>(List.of(
                values().map(HttpFuzzTest::quote),
                Arbitraries.of("0", "-1", "1", "1.7", "1e400", "99999999999999999999", "true", "false", "null"),
                values().map(HttpFuzzTest::quote).list().ofMaxSize(4).map(l -> "[" + String.join(", ", l) + "]")));
        if (depth > 0) {
            kinds.add(jsonObject(depth - 1));
            kinds.add(jsonObject(depth - 1).list().ofMaxSize(3).map(l -> "[" + String.join(", ", l) + "]"));
        }
        return Arbitraries.oneOf(kinds);
    }

    /** Valid JSON made invalid or ambiguous: cut short, a key given twice, something after it. */
    private static Arbitrary<String> broken(String json) {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, Math.max(0, json.length() - 1)).map(i -> json.substring(0, i)),
                Arbitraries.of(json.length() > 2 ? "{\"text\": \"a\", " + json.substring(1) : "{\"text\": 1, \"text\": 2}"),
                Arbitraries.of(json + " " + json, json + "x", json.replace(":", "::")));
    }

    /** The parameter names the handlers read, taken from their source: formParam("x"), queryParam("x"), field(ctx, "x") … */
    private static List<String> parameterNames() throws IOException {
        Pattern read = Pattern.compile("(?:formParams?|queryParam|param|field)\\((?:ctx, )?\"([^\"]+)\"");
        TreeSet<String> names = new TreeSet<>(List.of("csrf", "m0.title", "m0.case", "m0.add", "m0.note", "m0.questions",
                "m1.case", "note.2025-01-bank-ddos#L1", "lessonId", "x"));
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("kb.home"), "app/src/main/java/kb/web"))) {
            for (Path f : files.toList()) {
                Matcher m = read.matcher(Files.readString(f));
                while (m.find()) {
                    names.add(m.group(1).endsWith(".") ? m.group(1) + "x" : m.group(1));
                }
            }
        }
        return List.copyOf(names);
    }

    /** The fields of every JSON request the API reads: the records it parses bodies into, and the records inside them. */
    private static List<String> jsonFieldNames() {
        TreeSet<String> names = new TreeSet<>(List.of("unknownField"));
        List<Class<?>> todo = new ArrayList<>(Stream.of(UsersApi.class.getDeclaredClasses()).filter(Class::isRecord)
                .filter(c -> c.getSimpleName().endsWith("Request")).toList());
        todo.add(kb.users.curricula.CurriculumDraft.class);
        for (int i = 0; i < todo.size(); i++) {
            for (RecordComponent c : todo.get(i).getRecordComponents()) {
                names.add(c.getName());
                Type t = c.getGenericType();
                Type element = t instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : t;
                if (element instanceof Class<?> k && k.isRecord() && !todo.contains(k)) {
                    todo.add(k);
                }
            }
        }
        return List.copyOf(names);
    }

    private static String quote(String s) {
        return "\"" + s.chars().mapToObj(c -> c == '"' || c == '\\' ? "\\" + (char) c
                : c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c)).collect(Collectors.joining()) + "\"";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String encPath(String s) {
        return enc(s).replace("+", "%20");
    }
}
