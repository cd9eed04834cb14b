package kb.soak;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import kb.bench.Percentiles;
import kb.ingest.Ingest;
import kb.store.IndexDirectory;
import kb.store.Json;
import kb.users.Role;
import kb.users.User;
import kb.users.UsersDatabase;
import kb.users.accounts.AccountService;
import kb.web.LiveKnowledgeBase;
import kb.web.Templates;
import kb.web.WebApp;

/**
 * A soak test of the whole server: a scratch casebook ingested from a corpus, the real app on 127.0.0.1, and
 * clients that read, review, train and sign in at once for a number of minutes. Each minute it reports the
 * requests, the errors (any 5xx, any answer other than the one the action expects, any failed connection), the
 * latency percentiles and the heap in use after a full collection, so a leak shows as a heap that keeps growing.
 */
public final class Soak {
    /** What the clients do. */
    enum Persona { READER, REVIEWER, TRAINER, LOGIN }

    private static final String PASSWORD = "soak test passphrase";
    private static final List<String> WORDS = List.of("DDoS", "システム障害", "勘定系", "ATM", "移行", "不正アクセス",
            "バッチ", "振込", "証券", "設定誤り", "障害 復旧", "クラウド", "委託先", "二重");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    /** One minute's figures; {@code heapMb}: heap in use after a full collection at the minute's end. */
    public record Minute(int minute, long requests, long errors, double p50, double p95, double p99, long heapMb) {}

    public record Report(List<Minute> minutes, long requests, long errors) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong shownErrors = new AtomicLong();
    private volatile ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    private final PrintWriter out;
    private String base;
    private List<String> caseIds;
    private List<String> lessonIds;

    private Soak(PrintWriter out) {
        this.out = out;
    }

    /** Ingests {@code corpus} into a scratch directory, serves it and runs the clients for {@code duration}. */
    public static Report run(Path corpus, Duration duration, int clients, PrintWriter out) throws Exception {
        Path scratch = Files.createTempDirectory("kb-soak");
        try {
            return new Soak(out).run(corpus, scratch, duration, clients);
        } finally {
            IndexDirectory.deleteTree(scratch);
        }
    }

    private Report run(Path corpus, Path scratch, Duration duration, int clients) throws Exception {
        IndexDirectory index = new IndexDirectory(scratch.resolve("index"));
        Ingest.Report ingested = Ingest.run(new Ingest.Options(List.of(corpus), index.root(), corpus));
        List<Persona> personas = personas(clients);
        Map<Persona, Long> counts = personas.stream().collect(Collectors.groupingBy(p -> p, TreeMap::new, Collectors.counting()));
        try (UsersDatabase users = UsersDatabase.open(index.usersDatabase()); LiveKnowledgeBase live = LiveKnowledgeBase.open(index)) {
            AccountService accounts = new AccountService(users, Clock.systemUTC());
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Role role = switch (personas.get(i)) {
                    case REVIEWER -> Role.REVIEWER;
                    case TRAINER -> Role.TRAINER;
                    default -> Role.READER;
                };
                accounts.addUser(User.OPERATOR, "soak-" + i, role, PASSWORD.toCharArray());
                tokens.add(accounts.createApiToken(User.OPERATOR, "soak-" + i, null));
            }
            Javalin app = WebApp.create(new WebApp.Options(live, Templates.precompiled(), null, users, null)).start("127.0.0.1", 0);
            try {
                base = "http://127.0.0.1:" + app.port();
                collectIds();
                out.printf("soak: %d cases, %d clients %s on %s for %d min%n", ingested.cases(), clients, counts, base,
                        duration.toMinutes());
                out.printf("%6s %9s %7s %8s %8s %8s %9s%n", "minute", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "heap MB");
                return drive(personas, tokens, duration);
            } finally {
                app.stop();
            }
        }
    }

    /** Roughly 4 readers to 2 reviewers, 2 trainers and 1 sign-in loop, at least one of each from 4 clients. */
    static List<Persona> personas(int clients) {
        List<Persona> personas = new ArrayList<>();
        Persona[] cycle = {Persona.READER, Persona.REVIEWER, Persona.TRAINER, Persona.LOGIN, Persona.READER,
                Persona.READER, Persona.REVIEWER, Persona.TRAINER, Persona.READER};
        for (int i = 0; i < clients; i++) {
            personas.add(cycle[i % cycle.length]);
        }
        return personas;
    }

    private Report drive(List<Persona> personas, List<String> tokens, Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(personas.size());
        for (int i = 0; i < personas.size(); i++) {
            int n = i;
            pool.submit(() -> client(n, personas.get(n), tokens.get(n), end));
        }
        pool.shutdown();
        List<Minute> minutes = new ArrayList<>();
        long lastRequests = 0;
        long lastErrors = 0;
        for (int minute = 1; System.nanoTime() < end; minute++) {
            long minuteEnd = Math.min(end, System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
            while (System.nanoTime() < minuteEnd) {
                Thread.sleep(Math.max(1, Math.min(1000, (minuteEnd - System.nanoTime()) / 1_000_000)));
            }
            long[] sample = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            latencies = new ConcurrentLinkedQueue<>();
            long reqs = requests.get();
            long errs = errors.get();
            Minute m = new Minute(minute, reqs - lastRequests, errs - lastErrors, Percentiles.millis(sample, 0.50),
                    Percentiles.millis(sample, 0.95), Percentiles.millis(sample, 0.99), heapAfterGcMb());
            lastRequests = reqs;
            lastErrors = errs;
            minutes.add(m);
            out.printf("%6d %9d %7d %8.1f %8.1f %8.1f %9d%n", m.minute(), m.requests(), m.errors(), m.p50(), m.p95(), m.p99(), m.heapMb());
            out.flush();
        }
        pool.awaitTermination(2, TimeUnit.MINUTES);
        return new Report(minutes, requests.get(), errors.get());
    }

    private static long heapAfterGcMb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
    }

    /** Case and lesson ids to ask for, read through the API as any client would. */
    private void collectIds() throws IOException, InterruptedException {
        caseIds = new ArrayList<>();
        lessonIds = new ArrayList<>();
        for (String word : WORDS) {
            JsonNode hits = Json.MAPPER.readTree(get("/api/search?limit=100&q=" + enc(word), null).body()).get("hits");
            hits.forEach(h -> {
                if (!caseIds.contains(h.get("id").asText())) {
                    caseIds.add(h.get("id").asText());
                }
            });
        }
        for (String id : caseIds) {
            Json.MAPPER.readTree(get("/api/cases/" + enc(id), null).body()).get("lessons").forEach(l -> lessonIds.add(l.get("id").asText()));
        }
        if (caseIds.isEmpty() || lessonIds.isEmpty()) {
            throw new IllegalStateException("the casebook has no cases or lessons to soak with");
        }
    }

    private void client(int n, Persona persona, String token, long end) {
        Random random = new Random(n);
        String bearer = "Bearer " + token;
        String ticket = null;
        long curriculum = -1;
        List<String> attached = new ArrayList<>();
        for (int i = 0; System.nanoTime() < end; i++) {
            try {
                switch (persona) {
                    case READER -> read(random);
                    case REVIEWER -> {
                        if (ticket == null || i % 500 == 0) {
                            ticket = "SOAK-" + n + "-" + i;
                            attached.clear();
                            expect(201, send("POST", "/api/tickets", bearer, "{\"key\": \"" + ticket
                                    + "\", \"title\": \"負荷試験 " + i + "\", \"system\": \"勘定系\"}"));
                        }
                        review(random, bearer, ticket, attached);
                    }
                    case TRAINER -> {
                        if (curriculum < 0) {
                            HttpResponse<String> r = expect(201, send("POST", "/api/curricula", bearer, curriculumJson(random, n)));
                            curriculum = Json.MAPPER.readTree(r.body()).get("id").asLong();
                        }
                        train(random, bearer, curriculum, n);
                    }
                    case LOGIN -> signInAndOut("soak-" + n);
                }
            } catch (Unexpected e) {
                // counted and shown where the answer was read
            } catch (Exception e) {
                error("client " + n + " (" + persona + "): " + e);
            }
        }
    }

    private void read(Random random) throws Exception {
        String word = enc(WORDS.get(random.nextInt(WORDS.size())));
        String id = enc(caseIds.get(random.nextInt(caseIds.size())));
        switch (random.nextInt(10)) {
            case 0 -> expect(200, get("/", null));
            case 1 -> expect(200, get("/search?q=" + word, null));
            case 2 -> expect(200, get("/search?q=" + word + "&trigger=operations&sort=date", null));
            case 3 -> expect(200, get("/cases/" + id, null));
            case 4 -> expect(200, get("/api/search?q=" + word, null));
            case 5 -> expect(200, get("/api/cases/" + id + "/related", null));
            case 6 -> expect(200, get("/lessons?q=" + word, null));
            case 7 -> expect(200, get("/stats", null));
            case 8 -> expect(200, send("POST", "/api/check", null, "{\"text\": \"" + WORDS.get(random.nextInt(WORDS.size()))
                    + "の変更作業を夜間に行う。切り戻し手順を確認する。\", \"limit\": 5}"));
            default -> expect(200, get("/api/tickets?limit=20", null));
        }
    }

    private void review(Random random, String bearer, String ticket, List<String> attached) throws Exception {
        String lesson = lessonIds.get(random.nextInt(lessonIds.size()));
        switch (random.nextInt(5)) {
            case 0, 1 -> {
                if (attached.contains(lesson)) {
                    expect(200, send("DELETE", "/api/tickets/" + ticket + "/lessons/" + enc(lesson), bearer, null));
                    attached.remove(lesson);
                } else {
                    expect(201, send("POST", "/api/tickets/" + ticket + "/lessons", bearer,
                            "{\"lessonId\": \"" + lesson + "\", \"note\": \"変更手順の確認に使う\"}"));
                    attached.add(lesson);
                }
            }
            case 2 -> expect(200, get("/api/tickets/" + ticket, bearer));
            case 3 -> expect(200, get("/tickets/" + ticket + ".md", bearer));
            default -> expect(200, get("/tickets/" + ticket, bearer));
        }
    }

    private void train(Random random, String bearer, long curriculum, int n) throws Exception {
        switch (random.nextInt(4)) {
            case 0 -> expect(200, send("PUT", "/api/curricula/" + curriculum, bearer, curriculumJson(random, n)));
            case 1 -> expect(200, get("/api/curricula/" + curriculum, bearer));
            case 2 -> expect(200, get("/curricula/" + curriculum + "/handout", bearer));
            default -> expect(200, get("/curricula/" + curriculum + ".md", bearer));
        }
    }

    private String curriculumJson(Random random, int n) throws IOException {
        List<Map<String, Object>> modules = new ArrayList<>();
        for (int m = 0; m < 1 + random.nextInt(3); m++) {
            List<String> cases = new ArrayList<>();
            for (int c = 0; c < 1 + random.nextInt(4); c++) {
                String id = caseIds.get(random.nextInt(caseIds.size()));
                if (!cases.contains(id)) {
                    cases.add(id);
                }
            }
            modules.add(Map.of("title", "モジュール " + (m + 1), "caseIds", cases, "questions", List.of("何を確かめるべきだったか")));
        }
        return Json.MAPPER.writeValueAsString(Map.of("title", "負荷試験の研修 " + n, "objectives", List.of("過去の障害に学ぶ"),
                "modules", modules));
    }

    /** The form sign-in a browser makes: the form and its cookie, the post, a page as the user, the sign-out. */
    private void signInAndOut(String name) throws Exception {
        HttpResponse<String> form = expect(200, get("/login", null));
        String loginCookie = cookie(form, "kb_login");
        String token = csrf(form.body());
        HttpResponse<String> signedIn = expect(303, send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "kb_login=" + loginCookie)
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + enc(token) + "&name=" + enc(name) + "&password=" + enc(PASSWORD)))));
        String session = "kb_session=" + cookie(signedIn, "kb_session");
        HttpResponse<String> page = expect(200, send(HttpRequest.newBuilder(URI.create(base + "/tickets")).header("Cookie", session).GET()));
        expect(303, send(HttpRequest.newBuilder(URI.create(base + "/logout")).header("Cookie", session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + enc(csrf(page.body()))))));
    }

    private static String cookie(HttpResponse<String> r, String name) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + name + " cookie"));
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token on the page");
        }
        return m.group(1);
    }

    private HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        return send("GET", path, authorization, null);
    }

    private HttpResponse<String> send(String method, String path, String authorization, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        latencies.add(System.nanoTime() - start);
        requests.incrementAndGet();
        return r;
    }

    private HttpResponse<String> expect(int status, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            error(r.request().method() + " " + r.uri().getPath() + " → " + r.statusCode() + " (expected " + status + "): "
                    + r.body().substring(0, Math.min(200, r.body().length())));
            throw new Unexpected();
        }
        return r;
    }

    /** An answer other than the action expected: the action stops there; the error is counted already. */
    private static final class Unexpected extends RuntimeException {
        Unexpected() {
            super(null, null, false, false);
        }
    }

    /** Counts an error; the first few are printed, so a run that goes wrong says why. */
    private void error(String what) {
        errors.incrementAndGet();
        if (shownErrors.incrementAndGet() <= 10) {
            out.println("  error: " + what);
            out.flush();
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
