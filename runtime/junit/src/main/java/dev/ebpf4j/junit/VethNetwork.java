package dev.ebpf4j.junit;

import dev.ebpf4j.links.Attachment;
import dev.ebpf4j.links.Direction;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.links.TcAttachment;
import dev.ebpf4j.links.XdpAttachment;
import dev.ebpf4j.programs.Program;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A network of a test's own: two fresh network namespaces joined by a veth pair, the inner end
 * ({@link #innerDevice()}, where programs are attached) with {@link #INNER_IPV4} and {@link #INNER_IPV6},
 * the outer end (where traffic comes from) with {@link #OUTER_IPV4} and {@link #OUTER_IPV6}, and
 * optionally a VLAN sub-interface on both ends with addresses of its own (the kernel needs 802.1Q
 * support, module {@code 8021q}). Made before each test and
 * removed after it, whether it passed or failed: attachments detached, both namespaces deleted (and the
 * veth with them). Nothing reaches an interface of the host.
 *
 * <pre>{@code
 * @RegisterExtension
 * final VethNetwork network = VethNetwork.create();
 *
 * @Test
 * @KernelTest
 * void dropsTelnet(PortFilterSkeleton filter) {
 *     filter.blockedPorts().put(23, (byte) 1);
 *     network.attachXdp(filter.filter());
 *     network.synOnly(VethNetwork.INNER_IPV4, 23, 5);           // five SYNs from the outer namespace
 *     assertEquals(Map.of(23, 5L), filter.droppedByPort().entries());
 *     assertEquals(1000, network.sendTcp(VethNetwork.INNER_IPV4, 8080, 1000));   // other ports pass
 * }
 * }</pre>
 *
 * <p>Needs root (or CAP_NET_ADMIN and CAP_SYS_ADMIN) and iproute2; {@link #synOnly} and {@link #resets}
 * need hping3. Traffic goes only to the other namespace, bounded in count and time.
 */
public final class VethNetwork implements BeforeEachCallback, AfterEachCallback {
    public static final InetAddress INNER_IPV4 = InetAddress.ofLiteral("10.211.0.1");
    public static final InetAddress OUTER_IPV4 = InetAddress.ofLiteral("10.211.0.2");
    public static final InetAddress INNER_IPV6 = InetAddress.ofLiteral("fd00:211::1");
    public static final InetAddress OUTER_IPV6 = InetAddress.ofLiteral("fd00:211::2");
    /** The addresses of the VLAN sub-interfaces, when there are any. */
    public static final InetAddress INNER_VLAN_IPV4 = InetAddress.ofLiteral("10.212.0.1");
    public static final InetAddress OUTER_VLAN_IPV4 = InetAddress.ofLiteral("10.212.0.2");
    public static final InetAddress INNER_VLAN_IPV6 = InetAddress.ofLiteral("fd00:212::1");
    public static final InetAddress OUTER_VLAN_IPV6 = InetAddress.ofLiteral("fd00:212::2");
    /** The most packets or bytes one helper call sends: tests stay small and fast. */
    public static final int MAX_PACKETS = 1000;
    public static final int MAX_BYTES = 16 << 20;

    private static final String INNER_DEVICE = "veth-in";
    private static final String OUTER_DEVICE = "veth-out";
    private static final long COMMAND_SECONDS = 30;
    private static final int TIMEOUT_MILLIS = 10_000;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final OptionalInt vlan;
    private final List<Attachment> attachments = new ArrayList<>();
    private NetworkNamespace inner;
    private NetworkNamespace outer;

    private VethNetwork(OptionalInt vlan) {
        this.vlan = vlan;
    }

    /** A veth pair between two namespaces, with IPv4 and IPv6 addresses on both ends. */
    public static VethNetwork create() {
        return new VethNetwork(OptionalInt.empty());
    }

    /** The same, plus a sub-interface for VLAN {@code id} on each end, with the {@code *_VLAN_*} addresses. */
    public VethNetwork withVlan(int id) {
        if (id < 1 || id > 4094) {
            throw new IllegalArgumentException("VethNetwork.withVlan: VLAN id " + id + " is not in 1..4094");
        }
        return new VethNetwork(OptionalInt.of(id));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        String tag = "ebpf4j-junit-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        inner = new NetworkNamespace(tag + "-in");
        outer = new NetworkNamespace(tag + "-out");
        try {
            build();
        } catch (RuntimeException | Error e) {
            remove();
            throw e;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        remove();
    }

    private void build() {
        ip("netns", "add", inner.name());
        ip("netns", "add", outer.name());
        ip("link", "add", INNER_DEVICE, "netns", inner.name(), "type", "veth", "peer", "name", OUTER_DEVICE, "netns", outer.name());
        configure(inner, INNER_DEVICE, INNER_IPV4, INNER_IPV6);
        configure(outer, OUTER_DEVICE, OUTER_IPV4, OUTER_IPV6);
        if (vlan.isPresent()) {
            configureVlan(inner, INNER_DEVICE, INNER_VLAN_IPV4, INNER_VLAN_IPV6);
            configureVlan(outer, OUTER_DEVICE, OUTER_VLAN_IPV4, OUTER_VLAN_IPV6);
        }
    }

    private static void configure(NetworkNamespace namespace, String device, InetAddress ipv4, InetAddress ipv6) {
        ip("-n", namespace.name(), "link", "set", "lo", "up");
        ip("-n", namespace.name(), "link", "set", device, "up");
        ip("-n", namespace.name(), "addr", "add", ipv4.getHostAddress() + "/24", "dev", device);
        // nodad: the address is usable at once, not after duplicate address detection's second or two.
        ip("-n", namespace.name(), "addr", "add", ipv6.getHostAddress() + "/64", "dev", device, "nodad");
    }

    private void configureVlan(NetworkNamespace namespace, String device, InetAddress ipv4, InetAddress ipv6) {
        String sub = device + "." + vlan.getAsInt();
        List<String> add = List.of("ip", "-n", namespace.name(), "link", "add", "link", device, "name", sub, "type", "vlan",
                "id", String.valueOf(vlan.getAsInt()));
        Commands.Result result = Commands.attempt(COMMAND_SECONDS, add);
        if (result.exit() != 0) {
            throw new IllegalStateException(result.output().contains("Unknown device type")
                    ? "VethNetwork: this kernel has no 802.1Q VLAN support (CONFIG_VLAN_8021Q, module 8021q): cannot make " + sub
                    : String.join(" ", add) + " failed (exit " + result.exit() + "): " + result.output().strip());
        }
        configure(namespace, sub, ipv4, ipv6);
    }

    /** Detaches what was attached here, then deletes both namespaces; every step is tried, the first failure thrown. */
    private void remove() {
        RuntimeException failure = null;
        for (Attachment attachment : attachments.reversed()) {
            try {
                attachment.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        attachments.clear();
        for (NetworkNamespace namespace : new NetworkNamespace[] {inner, outer}) {
            if (namespace != null && namespace.path().toFile().exists()) {
                try {
                    ip("netns", "del", namespace.name());
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
        }
        inner = null;
        outer = null;
        if (failure != null) throw failure;
    }

    /** The namespace of the inner end, where programs are attached and servers listen. */
    public NetworkNamespace inner() {
        return live(inner);
    }

    /** The namespace of the outer end, where traffic comes from. */
    public NetworkNamespace outer() {
        return live(outer);
    }

    /** The inner end of the veth pair, in {@link #inner()}. */
    public String innerDevice() {
        return INNER_DEVICE;
    }

    /** The outer end, in {@link #outer()}. */
    public String outerDevice() {
        return OUTER_DEVICE;
    }

    /** The VLAN sub-interface of the inner end, when the network has one. */
    public Optional<String> innerVlanDevice() {
        return vlan.isPresent() ? Optional.of(INNER_DEVICE + "." + vlan.getAsInt()) : Optional.empty();
    }

    /** Attaches the XDP {@code program} to the inner end (frames from the outer end reach it); detached after the test. */
    public XdpAttachment attachXdp(Program program) {
        XdpAttachment attachment = XdpAttachment.attach(program, NetworkDevice.named(INNER_DEVICE, inner()));
        attachments.add(attachment);
        return attachment;
    }

    /** Attaches the tc {@code program} to the inner end in {@code direction}; detached after the test. */
    public TcAttachment attachTc(Program program, Direction direction) {
        TcAttachment attachment = TcAttachment.attach(program, NetworkDevice.named(INNER_DEVICE, inner()), direction);
        attachments.add(attachment);
        return attachment;
    }

    /**
     * Connects from the outer namespace to a server this network runs on {@code port} of
     * {@code destination} (an inner address), sends {@code bytes} bytes and closes; returns how many
     * the server received.
     *
     * @throws UncheckedIOException when the connection fails or times out (10 s), as when a program drops it
     */
    public long sendTcp(InetAddress destination, int port, int bytes) {
        check(bytes >= 0 && bytes <= MAX_BYTES, "sendTcp: " + bytes + " bytes is not in 0.." + MAX_BYTES);
        checkInner(destination, "sendTcp");
        ServerSocket server = inner().call(() -> new ServerSocket(port, 4, destination));
        try (server) {
            server.setSoTimeout(TIMEOUT_MILLIS);
            CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> receive(server));
            outer().call(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(destination, port), TIMEOUT_MILLIS);
                    OutputStream out = socket.getOutputStream();
                    byte[] chunk = new byte[8192];
                    for (int left = bytes; left > 0; left -= Math.min(left, chunk.length)) out.write(chunk, 0, Math.min(left, chunk.length));
                }
                return null;
            });
            return received.get(TIMEOUT_MILLIS * 2L, TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("sendTcp to " + destination.getHostAddress() + " port " + port + ": " + e.getMessage(), e);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("sendTcp to " + destination.getHostAddress() + " port " + port + ": the server received nothing: " + e, e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException("sendTcp to " + destination.getHostAddress() + " port " + port + ": " + io.getMessage(), io);
            }
            throw e;
        }
    }

    /** Whether a TCP connection from the outer namespace to {@code destination}:{@code port} succeeds within {@code millis}. */
    public boolean canConnect(InetAddress destination, int port, int millis) {
        checkInner(destination, "canConnect");
        check(millis > 0 && millis <= TIMEOUT_MILLIS, "canConnect: " + millis + " ms is not in 1.." + TIMEOUT_MILLIS);
        ServerSocket server = inner().call(() -> new ServerSocket(port, 4, destination));
        try (server) {   // listening is all it does: the kernel completes the handshake
            return outer().call(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(destination, port), millis);
                    return true;
                } catch (IOException e) {
                    return false; // timed out (dropped) or refused (reset)
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code count} TCP SYNs (no handshake follows) from the outer namespace to {@code destination}:{@code port}, with hping3. */
    public void synOnly(InetAddress destination, int port, int count) {
        hping3(destination, port, count, "-S");
    }

    /** Sends {@code count} TCP RSTs from the outer namespace to {@code destination}:{@code port}, with hping3. */
    public void resets(InetAddress destination, int port, int count) {
        hping3(destination, port, count, "-R");
    }

    private void hping3(InetAddress destination, int port, int count, String flag) {
        checkInner(destination, "hping3");
        check(count > 0 && count <= MAX_PACKETS, "hping3: " + count + " packets is not in 1.." + MAX_PACKETS);
        check(port > 0 && port < 65536, "hping3: port " + port + " is not in 1..65535");
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", outer().name(), "hping3", "-q", flag,
                "-p", String.valueOf(port), "-c", String.valueOf(count), "-i", "u10000"));
        if (destination.getAddress().length == 16) command.add("-6");
        command.add(destination.getHostAddress());
        // hping3 exits 1 when nothing answers, which is what a dropping program causes: not a failure here.
        Commands.Result result = Commands.attempt(COMMAND_SECONDS, command);
        if (!result.output().contains("packets transmitted")) {
            throw new IllegalStateException(String.join(" ", command) + " sent nothing (exit " + result.exit() + "): " + result.output().strip());
        }
    }

    private static long receive(ServerSocket server) {
        try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            long total = 0;
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) total += n;
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void checkInner(InetAddress destination, String what) {
        boolean inside = destination.equals(INNER_IPV4) || destination.equals(INNER_IPV6)
                || (vlan.isPresent() && (destination.equals(INNER_VLAN_IPV4) || destination.equals(INNER_VLAN_IPV6)));
        check(inside, what + ": " + destination.getHostAddress() + " is not an address of this network's inner end");
    }

    private static void check(boolean condition, String message) {
        if (!condition) throw new IllegalArgumentException("VethNetwork." + message);
    }

    private static NetworkNamespace live(NetworkNamespace namespace) {
        if (namespace == null) {
            throw new IllegalStateException("VethNetwork: the network exists only during a test; register it with @RegisterExtension");
        }
        return namespace;
    }

    private static String ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        return Commands.run(COMMAND_SECONDS, command);
    }

    @Override
    public String toString() {
        return inner == null ? "VethNetwork (not made yet)"
                : "VethNetwork " + inner.name() + "/" + INNER_DEVICE + " <-> " + outer.name() + "/" + OUTER_DEVICE
                        + (vlan.isPresent() ? " with VLAN " + vlan.getAsInt() : "");
    }
}
