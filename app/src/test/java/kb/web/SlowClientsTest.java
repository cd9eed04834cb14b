package kb.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import kb.store.IndexDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that send a request a byte at a time, or open many connections, on 127.0.0.x. The bounds here are
 * functional limits — /health must answer within a second, a slow request must be cut off — not benchmarks.
 */
class SlowClientsTest {
    private static final String SLOW_POST = "POST /api/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Content-Length: 100000\r\n\r\n{\"text\": \"";

    @TempDir
    static Path tmp;
    static IndexDirectory index;

    @BeforeAll
    static void ingest() throws Exception {
        index = TestCasebook.ingest(tmp);
    }

    /** A connection from {@code from} that has sent {@code start}; reads time out after {@code timeoutMillis}. */
    private static Socket open(TestServer server, String from, String start, int timeoutMillis) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(new InetSocketAddress("127.0.0.1", server.port()));
        s.setSoTimeout(timeoutMillis);
        s.getOutputStream().write(start.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        return s;
    }

    /** Whether the server still holds the connection open: no answer and no end within a short read. */
    private static boolean heldOpen(Socket s) throws IOException {
        try {
            s.getInputStream().read();
            return false; // an answer or the end: the server is done with it
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false; // reset
        }
    }

    /** What the server sends before it closes the connection (read within the socket's timeout). */
    private static String untilClosed(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void healthAnswersWithinASecondWhile300SlowConnectionsAreOpen() throws Exception {
        ServerLimits limits = ServerLimits.DEFAULT.withRequestDeadline(Duration.ofSeconds(60));
        try (TestServer server = new TestServer(index, Clock.systemUTC(), limits)) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    // Ten addresses, 30 connections each: under the per-address cap, so all 300 stay open.
                    slow.add(open(server, "127.0.1." + (1 + i / 30), SLOW_POST, 50));
                }
                HttpClient health = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.2.1")).build();
                for (int round = 0; round < 5; round++) {
                    for (Socket s : slow) {
                        s.getOutputStream().write('x'); // a byte now and then keeps each connection busy, not idle
                        s.getOutputStream().flush();
                    }
                    HttpResponse<String> r = health.send(HttpRequest.newBuilder(URI.create(server.url("/health")))
                            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, r.statusCode(), r.body());
                    Thread.sleep(500);
                }
                long open = 0;
                for (Socket s : slow) {
                    open += heldOpen(s) ? 1 : 0;
                }
                assertEquals(300, open, "the slow connections were all open while /health answered");
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aRequestWhoseBodyOrHeadersTrickleInIsCutOffAtTheDeadline() throws Exception {
        ServerLimits limits = ServerLimits.DEFAULT.withRequestDeadline(Duration.ofSeconds(1));
        try (TestServer server = new TestServer(index, Clock.systemUTC(), limits);
             Socket body = open(server, "127.0.3.1", SLOW_POST, 10_000);
             Socket headers = open(server, "127.0.3.2", "GET /health HTTP/1.1\r\nHost: local", 10_000)) {
            long start = System.nanoTime();
            assertEquals("", untilClosed(body), "closed without an answer");
            assertEquals("", untilClosed(headers), "closed without an answer");
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "closed before the read timeout");
            // A prompt client is unaffected.
            try (Socket quick = open(server, "127.0.3.3", "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 10_000)) {
                assertTrue(untilClosed(quick).startsWith("HTTP/1.1 200 "));
            }
        }
    }

    @Test
    void oneAddressMayHoldOnlySoManyConnections() throws Exception {
        try (TestServer server = new TestServer(index, Clock.systemUTC(), ServerLimits.DEFAULT.withConnectionsPerAddress(5))) {
            List<Socket> opened = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    opened.add(open(server, "127.0.4.1", "", 100));
                }
                // The connections are counted as the server accepts them, which need not be the order they were opened.
                List<String> refused = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (refused.isEmpty() && System.nanoTime() < deadline) {
                    for (Socket s : opened) {
                        if (!heldOpen(s)) {
                            s.setSoTimeout(10_000);
                            refused.add("H" + untilClosed(s)); // heldOpen read the first byte
                        }
                    }
                }
                assertEquals(1, refused.size(), "one connection over the cap: " + refused);
                assertTrue(refused.get(0).contains("503 Service Unavailable") && refused.get(0).contains("同じ接続元からの接続が多すぎます"),
                        refused.get(0));
                long held = 0;
                for (Socket s : opened) {
                    held += !s.isInputShutdown() && heldOpen(s) ? 1 : 0;
                }
                assertEquals(5, held, "the others stay open");
                try (Socket other = open(server, "127.0.4.2", "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 10_000)) {
                    assertTrue(untilClosed(other).startsWith("HTTP/1.1 200 "), "other addresses are unaffected");
                }
                for (Socket s : opened) {
                    s.close();
                }
                Thread.sleep(500);
                try (Socket again = open(server, "127.0.4.1", "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 10_000)) {
                    assertTrue(untilClosed(again).startsWith("HTTP/1.1 200 "), "closed connections free their places");
                }
            } finally {
                for (Socket s : opened) {
                    s.close();
                }
            }
        }
    }

    @Test
    void pastTheLowResourceMarkIdleConnectionsAreClosedSooner() throws Exception {
        ServerLimits limits = new ServerLimits(Duration.ofSeconds(60), 0, Duration.ofSeconds(60), 20, Duration.ofMillis(500));
        try (TestServer server = new TestServer(index, Clock.systemUTC(), limits)) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 30; i++) {
                    idle.add(open(server, "127.0.5.1", "", 15_000));
                }
                long start = System.nanoTime();
                for (Socket s : idle) {
                    assertEquals("", untilClosed(s));
                }
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(15).toNanos(), "closed long before the 60 s idle timeout");
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }
}
