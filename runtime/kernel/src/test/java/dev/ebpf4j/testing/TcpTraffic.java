package dev.ebpf4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Real TCP between two network namespaces: a server bound in one, a client connecting from the
 * other, each connection sending a short request and reading a short answer, then closing. Small
 * payloads keep every data segment a single frame, so per-frame counters are exact.
 */
public final class TcpTraffic {
    public static final int PORT = 8080;

    private TcpTraffic() {}

    /**
     * Makes {@code connections} connections to {@code serverAddress}:{@link #PORT}. {@code inServer}
     * and {@code inClient} run a task in the server's and the client's namespace (their sockets are
     * made there). Returns the bytes the client received in all.
     */
    public static long exchange(String serverAddress, int connections, Function<Callable<ServerSocket>, ServerSocket> inServer,
                                Function<Callable<Long>, Long> inClient) throws Exception {
        InetAddress address = InetAddress.getByName(serverAddress);
        try (ServerSocket server = inServer.apply(() -> new ServerSocket(PORT, 50, address))) {
            server.setSoTimeout(10_000);
            Thread acceptor = Thread.ofPlatform().daemon(true).start(() -> {
                for (int i = 0; i < connections; i++) {
                    try (Socket socket = server.accept()) {
                        socket.setSoTimeout(10_000);
                        drain(socket.getInputStream());
                        socket.getOutputStream().write("pong\n".getBytes());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            long received = inClient.apply(() -> {
                long total = 0;
                for (int i = 0; i < connections; i++) {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(address, PORT), 5_000);
                        socket.setSoTimeout(10_000);
                        socket.getOutputStream().write(("ping " + i + "\n").getBytes());
                        socket.shutdownOutput();
                        total += drain(socket.getInputStream());
                    }
                }
                return total;
            });
            acceptor.join(10_000);
            return received;
        }
    }

    private static long drain(InputStream in) {
        try {
            return in.readAllBytes().length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
