package dev.ebpf4j.inspect;

import com.sun.net.httpserver.HttpServer;
import dev.ebpf4j.links.NetworkNamespace;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JDK's HTTP server listening in a network namespace of the test's own (its socket made there,
 * on every address of both families), answering every request with a short body and recording the
 * client endpoint of each connection it served: the oracle of which connections the programs must
 * have seen.
 */
final class HttpServerInNamespace implements AutoCloseable {
    static final int PORT = 8080;
    private static final byte[] BODY = "served by the test\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final Set<InetSocketAddress> clients = ConcurrentHashMap.newKeySet();

    private HttpServerInNamespace(NetworkNamespace namespace) throws IOException {
        server = namespace.call(() -> HttpServer.create(new InetSocketAddress("::", PORT), 64));
        server.createContext("/", exchange -> {
            clients.add(exchange.getRemoteAddress());
            exchange.getResponseHeaders().add("Connection", "close");
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(BODY);
            }
        });
        server.setExecutor(workers);
        server.start();
    }

    /** Starts a server on port {@link #PORT} of {@code namespace}. */
    static HttpServerInNamespace start(NetworkNamespace namespace) throws IOException {
        return new HttpServerInNamespace(namespace);
    }

    /** The client endpoints (address and port) of the connections served so far. */
    Set<InetSocketAddress> clients() {
        return Set.copyOf(clients);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
