package kb.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cap on the open connections of one client address, so that one client cannot hold every connection the
 * server has. A connection over the cap is answered 503 and closed before any request is read. Behind a reverse
 * proxy every connection comes from the proxy: cap there instead (docs/operations.md).
 */
final class ConnectionsPerAddress implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsPerAddress.class);
    private static final byte[] REFUSAL = refusal();

    private final int max;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();
    /** Each connection's address, as counted: a closed socket no longer tells its peer's address. */
    private final ConcurrentHashMap<Connection, InetAddress> counted = new ConcurrentHashMap<>();

    ConnectionsPerAddress(int max) {
        this.max = max;
    }

    private static byte[] refusal() {
        byte[] body = "同じ接続元からの接続が多すぎます。しばらくしてから再度お試しください。\n".getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 10\r\n"
                + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress address = connection.getEndPoint().getRemoteSocketAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        if (address == null) {
            return;
        }
        counted.put(connection, address);
        if (open.merge(address, 1, Integer::sum) > max) {
            LOG.info("refused a connection from {}: it already has {} open", address.getHostAddress(), max);
            EndPoint endPoint = connection.getEndPoint();
            endPoint.write(Callback.from(endPoint::close, x -> endPoint.close()), ByteBuffer.wrap(REFUSAL));
        }
    }

    @Override
    public void onClosed(Connection connection) {
        InetAddress address = counted.remove(connection);
        if (address != null) {
            open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        }
    }
}
