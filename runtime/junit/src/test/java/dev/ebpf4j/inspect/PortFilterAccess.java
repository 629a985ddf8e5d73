package dev.ebpf4j.inspect;

import java.util.Map;

/** The JVM side of PortFilter's package-private maps, for tests in another package. */
public final class PortFilterAccess {
    private PortFilterAccess() {}

    public static void block(int... ports) {
        for (int port : ports) PortFilter.blockedPorts.put(port, (byte) 1);
    }

    public static Map<Integer, Long> dropped() {
        return PortFilter.droppedByPort.entries();
    }
}
