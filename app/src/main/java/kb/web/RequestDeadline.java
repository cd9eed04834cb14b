package kb.web;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deadline for reading a request: a client that sends its headers or its body a byte at a time holds a
 * connection (and, while its body is read, a handler) for as long as it likes; this closes its connection when
 * the deadline passes. Headers: the first request of each connection must be complete within the deadline of the
 * connection opening (later requests on a kept-alive connection are bounded by the idle timeout). Body: the
 * whole body must have arrived within the deadline of the headers.
 */
final class RequestDeadline extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadline.class);

    private final Duration deadline;
    private final ScheduledExecutorService timer;

    RequestDeadline(Duration deadline, ScheduledExecutorService timer) {
        this.deadline = deadline;
        this.timer = timer;
    }

    /** The headers' deadline, for the connectors: a listener of each connection they open. */
    Connection.Listener headers() {
        return new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                timer.schedule(() -> {
                    if (connection.getEndPoint().isOpen() && connection.getMessagesIn() == 0 && connection.getBytesIn() > 0) {
                        LOG.info("closed a connection from {}: its request headers did not arrive within {} s",
                                connection.getEndPoint().getRemoteSocketAddress(), deadline.toSeconds());
                        connection.getEndPoint().close();
                    }
                }, deadline.toMillis(), TimeUnit.MILLISECONDS);
            }
        };
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!hasBody(request)) {
            return super.handle(request, response, callback);
        }
        Timed timed = new Timed(request);
        long left = deadline.toNanos() - (System.nanoTime() - request.getHeadersNanoTime());
        timed.expiry = timer.schedule(timed::expire, Math.max(0, left), TimeUnit.NANOSECONDS);
        boolean handled = false;
        try {
            handled = super.handle(timed, response, Callback.from(callback, timed::done));
            return handled;
        } finally {
            if (!handled) {
                timed.done();
            }
        }
    }

    private static boolean hasBody(Request request) {
        return request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) > 0
                || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    /** The request as the app reads it: the deadline is met once the last chunk of the body has been read. */
    private final class Timed extends Request.Wrapper {
        final AtomicBoolean finished = new AtomicBoolean();
        volatile ScheduledFuture<?> expiry;

        Timed(Request request) {
            super(request);
        }

        @Override
        public Content.Chunk read() {
            Content.Chunk chunk = super.read();
            if (chunk != null && (chunk.isLast() || Content.Chunk.isFailure(chunk))) {
                done();
            }
            return chunk;
        }

        void done() {
            if (finished.compareAndSet(false, true) && expiry != null) {
                expiry.cancel(false);
            }
        }

        void expire() {
            if (finished.compareAndSet(false, true)) {
                LOG.info("closed a connection from {}: its request body did not arrive within {} s",
                        getConnectionMetaData().getRemoteSocketAddress(), deadline.toSeconds());
                getConnectionMetaData().getConnection().getEndPoint().close();
            }
        }
    }
}
