package dev.ebpf4j.inspect;

import dev.ebpf4j.links.NetworkAttachments;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.NetworkNamespace;
import dev.ebpf4j.links.XdpAttachment;
import dev.ebpf4j.links.XdpMode;
import dev.ebpf4j.testing.CapturedTraffic;
import dev.ebpf4j.testing.RequiresBpf;
import dev.ebpf4j.testing.TcpTraffic;
import dev.ebpf4j.testing.VethPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The processor's TcpFlagCounter, attached through its skeleton to a veth in a namespace of the
 * test's own, counts the real TCP connections made to it from the peer namespace: one SYN each, and
 * in all as many segments as tcpdump saw arrive. Closing the skeleton detaches it.
 */
@RequiresBpf
@Tag("traffic") // real traffic from real tools: one VM kernel runs it (vm-tests/run)
class TcpFlagCounterAttachTest {
    private static final int CONNECTIONS = 3;

    private VethPair veth;
    private NetworkNamespace inner;
    private NetworkNamespace outer;

    @BeforeEach
    void namespaces() throws Exception {
        veth = VethPair.create();
        inner = new NetworkNamespace(veth.innerNamespace());
        outer = new NetworkNamespace(veth.outerNamespace());
    }

    @AfterEach
    void removeNamespaces() throws Exception {
        if (veth != null) {
            veth.close();
        }
    }

    @Test
    void theSkeletonsProgramCountsRealConnectionsOnAVethAndDetachesOnClose() throws Exception {
        for (XdpMode mode : XdpMode.values()) {
            if (mode == XdpMode.OFFLOAD) {
                continue;
            }
            try (TcpFlagCounterSkeleton skeleton = TcpFlagCounterSkeleton.load()) {
                XdpAttachment attached = inner.call(() -> skeleton.count().attachXdp(veth.inner(), mode));
                assertEquals(mode, attached.mode());
                LongSupplier counted = () -> {
                    long all = 0;
                    for (int combination = 0; combination < TcpFlagCounter.COMBINATIONS; combination++) {
                        all += skeleton.flagCounts().sum(combination);
                    }
                    return all;
                };
                CapturedTraffic.Capture seen = CapturedTraffic.run(veth, CONNECTIONS, inner.name(), veth.inner(), "in", inner::call, outer::call,
                        counted);
                assertEquals(CONNECTIONS, skeleton.flagCounts().sum(TcpFlagCounter.SYN), mode + ": one SYN per connection");
                long all = counted.getAsLong();
                seen.assertAccountsFor(all, mode + ": every TCP frame tcpdump saw arriving");
                assertEquals(all, skeleton.portCounts().sum(TcpTraffic.PORT), mode + ": all of them to the server's port");
            }
            assertEquals(List.of(), NetworkAttachments.on(NetworkDevice.named(veth.inner(), inner)),
                    mode + ": closing the skeleton detached its program");
        }
    }
}
