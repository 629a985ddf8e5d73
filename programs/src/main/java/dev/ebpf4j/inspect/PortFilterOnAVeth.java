package dev.ebpf4j.inspect;

import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.links.XdpAttachment;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The live half of {@code bin/demo}: {@link PortFilter} attached through its skeleton to a veth
 * in a network namespace, real TCP connections from the peer namespace to two ports, one of them
 * blocked, and the counters read from Java. Arguments: INNER-NAMESPACE OUTER-NAMESPACE DEVICE
 * ADDRESS (the device and its address are in the inner namespace). Needs root.
 */
public final class PortFilterOnAVeth {
    private static final int[] PORTS = {8080, 2323};
    private static final int BLOCKED = 2323;

    private PortFilterOnAVeth() {
    }

    public static void main(String[] args) throws Exception {
        NetworkNamespace inner = new NetworkNamespace(args[0]);
        NetworkNamespace outer = new NetworkNamespace(args[1]);
        InetAddress address = InetAddress.getByName(args[3]);
        try (PortFilterSkeleton skeleton = PortFilterSkeleton.load()) {
            skeleton.blockedPorts().put(BLOCKED, (byte) 1);
            XdpAttachment attached = inner.call(() -> skeleton.filter().attachXdp(args[2]));
            System.out.println("attached: " + attached);
            for (int port : PORTS) {
                try (ServerSocket server = inner.call(() -> new ServerSocket(port, 5, address))) {
                    Thread.ofPlatform().daemon(true).start(() -> answer(server));
                    String result = outer.call(() -> connect(address, port));
                    System.out.printf("connect from %s to %s:%d: %s%n", outer.name(), address.getHostAddress(), port, result);
                }
            }
            System.out.println("droppedByPort, read from Java: " + skeleton.droppedByPort().entries());
        }
        System.out.println("closed the skeleton: the program is detached");
    }

    private static void answer(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.getOutputStream().write("hello\n".getBytes());
        } catch (IOException e) {
            // the server closed: the demo moved on
        }
    }

    private static String connect(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return "answered '" + new String(socket.getInputStream().readAllBytes()).strip() + "'";
        } catch (IOException e) {
            return "no answer (" + e.getMessage() + "): the SYNs were dropped";
        }
    }
}
