package kb.web;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.LowResourceMonitor;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * What keeps slow or greedy clients from taking the server down (request handling runs on virtual threads, so a
 * blocked read holds no platform thread):
 * <ul>
 * <li>{@code requestDeadline}: a client must send a request's headers (the first on its connection) and its
 *     whole body within this, or its connection is closed ({@link RequestDeadline});</li>
 * <li>{@code connectionsPerAddress}: at most this many open connections per client address, 0 for no cap
 *     ({@link ConnectionsPerAddress});</li>
 * <li>{@code idleTimeout}: a connection with no traffic for this long is closed;</li>
 * <li>{@code lowResourceConnections}: past this many connections in all, Jetty's low-resource monitor closes
 *     idle ones after {@code lowResourceIdleTimeout} instead.</li>
 * </ul>
 */
public record ServerLimits(Duration requestDeadline, int connectionsPerAddress, Duration idleTimeout,
                           int lowResourceConnections, Duration lowResourceIdleTimeout) {
    public static final ServerLimits DEFAULT = new ServerLimits(Duration.ofSeconds(10), 50, Duration.ofSeconds(30),
            2000, Duration.ofSeconds(2));

    public ServerLimits withConnectionsPerAddress(int max) {
        return new ServerLimits(requestDeadline, max, idleTimeout, lowResourceConnections, lowResourceIdleTimeout);
    }

    public ServerLimits withRequestDeadline(Duration deadline) {
        return new ServerLimits(deadline, connectionsPerAddress, idleTimeout, lowResourceConnections, lowResourceIdleTimeout);
    }

    /**
     * Installs the limits on a server that Javalin is configuring: the deadline wraps the handler Javalin will put
     * inside it; the connectors, added after this, get theirs when the server starts.
     */
    void applyTo(Server server) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "kb-request-deadline");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        RequestDeadline deadline = new RequestDeadline(requestDeadline, timer);
        server.setHandler(deadline);
        LowResourceMonitor lowResources = new LowResourceMonitor(server);
        lowResources.addLowResourceCheck(lowResources.new MaxConnectionsLowResourceCheck(lowResourceConnections));
        lowResources.setLowResourcesIdleTimeout((int) lowResourceIdleTimeout.toMillis());
        lowResources.setPeriod(1000);
        server.addBean(lowResources);
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                for (Connector connector : server.getConnectors()) {
                    if (connector instanceof AbstractConnector c) {
                        c.setIdleTimeout(idleTimeout.toMillis());
                    }
                    // Connection listeners: each connection the connector opens is told to them.
                    connector.addEventListener(deadline.headers());
                    if (connectionsPerAddress > 0) {
                        connector.addEventListener(new ConnectionsPerAddress(connectionsPerAddress));
                    }
                }
                lowResources.setMonitoredConnectors(List.of(server.getConnectors()));
            }

            @Override
            public void lifeCycleStopped(LifeCycle event) {
                timer.shutdownNow();
            }
        });
    }
}
