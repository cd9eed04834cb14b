package kb.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as far as the server can tell: keeps the session and login-form cookies it is given and the
 * CSRF token of the last page it read, and never follows redirects (tests look at them).
 */
final class WebClient {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern COOKIE = Pattern.compile("([^=;]+)=([^;]*)");

    private final TestServer server;
    private final HttpClient http;
    String session;
    String loginCookie;
    String csrf;
    /** Any other cookie the server sets (e.g. the ticket remembered for the session), sent back as a browser would. */
    final java.util.Map<String, String> cookies = new java.util.TreeMap<>();

    /**
     * Connections are pooled across clients, as a browser's are across its tabs (cookies are kept by each client,
     * not by the connection): the server caps the connections of one address.
     */
    private static final Map<String, HttpClient> CONNECTIONS = new ConcurrentHashMap<>();

    WebClient(TestServer server) {
        this(server, "127.0.0.1");
    }

    /** A client connecting from another loopback address (127.0.0.2 …), as another machine would. */
    WebClient(TestServer server, String from) {
        this.server = server;
        this.http = CONNECTIONS.computeIfAbsent(from, a -> {
            try {
                return HttpClient.newBuilder().localAddress(InetAddress.getByName(a)).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Signs in through the login form and reads the CSRF token from a page. */
    static WebClient signedIn(TestServer server, String name, String password) throws Exception {
        WebClient c = new WebClient(server);
        c.get("/login");
        HttpResponse<String> r = c.post("/login", "name", name, "password", password);
        if (r.statusCode() != 303) {
            throw new AssertionError("login as " + name + " → " + r.statusCode());
        }
        c.get("/");
        return c;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    /** A form post; the CSRF token is added unless the pairs name {@code csrf} themselves. */
    HttpResponse<String> post(String path, String... pairs) throws IOException, InterruptedException {
        List<String> fields = new ArrayList<>(List.of(pairs));
        if (csrf != null && !fields.contains("csrf")) {
            fields.addAll(List.of("csrf", csrf));
        }
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
    }

    /** A JSON request with extra headers (name, value, …), e.g. {@code Authorization} or {@code X-CSRF-Token}. */
    HttpResponse<String> json(String method, String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path)));
        List<String> cookies = new ArrayList<>();
        if (session != null) {
            cookies.add(Auth.COOKIE + "=" + session);
        }
        if (loginCookie != null) {
            cookies.add(Auth.LOGIN_COOKIE + "=" + loginCookie);
        }
        this.cookies.forEach((name, value) -> cookies.add(name + "=" + value));
        if (!cookies.isEmpty()) {
            b.header("Cookie", String.join("; ", cookies));
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        r.headers().allValues("Set-Cookie").forEach(cookie -> {
            Matcher m = COOKIE.matcher(cookie);
            if (m.lookingAt()) {
                String value = m.group(2).isEmpty() ? null : m.group(2);
                if (m.group(1).equals(Auth.COOKIE)) {
                    session = value;
                } else if (m.group(1).equals(Auth.LOGIN_COOKIE)) {
                    loginCookie = value;
                } else if (value == null) {
                    cookies.remove(m.group(1));
                } else {
                    cookies.put(m.group(1), value);
                }
            }
        });
        Matcher m = CSRF.matcher(r.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return r;
    }

    static String form(List<String> pairs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i += 2) {
            parts.add(enc(pairs.get(i)) + "=" + enc(pairs.get(i + 1)));
        }
        return parts.stream().collect(Collectors.joining("&"));
    }

    static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
